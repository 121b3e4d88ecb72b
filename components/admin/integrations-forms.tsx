"use client";

import { useId } from "react";
import { createApiKeyAction, createWebhookAction, type SecretState } from "@/lib/actions/integrations";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { WEBHOOK_EVENTS } from "@/lib/domain";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

/** The one time a key or secret is shown: selectable, in a labelled read-only field. */
function ShownOnce({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div role="status" className="rounded border border-amber-500 bg-amber-50 p-3 sm:col-span-2 dark:bg-amber-950/40">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <input
        id={id}
        readOnly
        value={value}
        className={`${inputClass} mt-1 font-mono`}
        onFocus={(e) => e.target.select()}
      />
      <p className="mt-1 text-xs">Copy it now: it is not shown again.</p>
    </div>
  );
}

export function CreateApiKeyForm() {
  const [state, action] = useToastingAction(createApiKeyAction);
  const shown = state as SecretState;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-3" aria-label="Create API key" noValidate>
      <FormField label="Name" required hint="Who uses it: “iOS app”, “Wire desk script”." errors={errors.name}>
        {(control) => (
          <input {...control} name="name" required autoComplete="off" key={`n${state.at}`} className={inputClass} />
        )}
      </FormField>
      <FormField label="Kind" required errors={errors.kind}>
        {(control) => (
          <select {...control} name="kind" defaultValue="content" className={inputClass}>
            <option value="content">Content API (read published stories)</option>
            <option value="admin">Admin API (write as a role)</option>
          </select>
        )}
      </FormField>
      <FormField label="Role for an Admin key" hint="What an Admin key may do." errors={errors.role}>
        {(control) => (
          <select {...control} name="role" defaultValue="contributor" className={inputClass}>
            {(["contributor", "author", "editor"] as const).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {shown.status === "ok" && shown.secret ? <ShownOnce label="New API key" value={shown.secret} /> : null}
      <div>
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </div>
    </form>
  );
}

export function CreateWebhookForm() {
  const [state, action] = useToastingAction(createWebhookAction);
  const shown = state as SecretState;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const eventsId = useId();
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" aria-label="Add webhook" noValidate>
      <FormField label="Name" errors={errors.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            autoComplete="off"
            defaultValue={values.name}
            key={`n${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Address" required hint="An https:// address that answers 2xx." errors={errors.url}>
        {(control) => (
          <input
            {...control}
            name="url"
            type="url"
            required
            autoComplete="off"
            defaultValue={values.url}
            key={`u${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <fieldset className="sm:col-span-2" aria-describedby={errors.events?.length ? eventsId : undefined}>
        <legend className="text-sm font-semibold">Events</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex items-center gap-1.5 font-mono">
              <input type="checkbox" name="events" value={event} defaultChecked={event.startsWith("story.")} />
              {event}
            </label>
          ))}
        </div>
        {errors.events?.length ? (
          <p id={eventsId} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errors.events.join(" ")}
          </p>
        ) : null}
      </fieldset>
      {shown.status === "ok" && shown.secret ? <ShownOnce label="Signing secret" value={shown.secret} /> : null}
      <div>
        <SubmitButton pendingLabel="Adding…">Add webhook</SubmitButton>
      </div>
    </form>
  );
}
