"use client";

import { useActionState, useId } from "react";
import { subscribeAction } from "@/lib/actions/newsletter";
import { idleState } from "@/lib/actions/state";
import { SubmitButton } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { inputClass } from "@/components/ui/form-field";
import { DAILY_LIST, type Newsletter } from "@/lib/mail/newsletters";

/**
 * The newsletter signup. Rendered into shared, cached reader pages: nothing in it is per visitor. It
 * posts without JavaScript too (the action answers with the same page and its message).
 */
export function SignupForm({ newsletters, heading }: { newsletters: Newsletter[]; heading: string }) {
  const [state, action] = useActionState(subscribeAction, idleState);
  const id = useId();
  const errors = state.fieldErrors ?? {};
  const values = state.status === "error" ? (state.values ?? {}) : {};
  if (state.status === "ok") {
    return (
      <p role="status" className="font-semibold">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} aria-labelledby={`${id}-h`} noValidate className="space-y-3">
      <h2 id={`${id}-h`} className="font-serif text-2xl font-bold">
        {heading}
      </h2>
      {state.status === "error" && !Object.keys(errors).length ? <FormAlert message={state.message} /> : null}
      <fieldset aria-describedby={errors.newsletters ? `${id}-nl-error` : undefined}>
        <legend className="mb-1 text-sm font-semibold">Newsletters</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1">
          {newsletters.map((n) => (
            <label key={n.key} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="newsletters" value={n.key} defaultChecked={n.key === DAILY_LIST} />
              {n.name}
            </label>
          ))}
        </div>
        {errors.newsletters ? (
          <p id={`${id}-nl-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errors.newsletters.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-email`} className="mb-1 block text-sm font-semibold">
            Email address
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${id}-email-error` : undefined}
            className={inputClass}
          />
        </div>
        <SubmitButton pendingLabel="Subscribing…">Subscribe</SubmitButton>
      </div>
      {errors.email ? (
        <p id={`${id}-email-error`} className="text-sm text-red-700 dark:text-red-400">
          {errors.email.join(" ")}
        </p>
      ) : null}
      {/* The honeypot: people never see it; bots that fill every field do. */}
      <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label htmlFor={`${id}-website`}>Website</label>
        <input id={`${id}-website`} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <p className="text-xs text-neutral-600 dark:text-neutral-400">
        We send a link to confirm. Every email has a one-click unsubscribe.
      </p>
    </form>
  );
}
