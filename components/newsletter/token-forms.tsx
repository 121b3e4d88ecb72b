"use client";

import { useActionState } from "react";
import { confirmSubscriptionAction, manageSubscriptionAction } from "@/lib/actions/newsletter";
import { idleState } from "@/lib/actions/state";
import { SubmitButton } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import type { Newsletter } from "@/lib/mail/newsletters";

function Done({ message }: { message: string }) {
  return (
    <p
      role="status"
      className="rounded bg-green-50 p-4 font-semibold text-green-900 dark:bg-green-950 dark:text-green-100"
    >
      {message}
    </p>
  );
}

/** A button, not the link itself: mail scanners that open every link must not confirm on a reader's behalf. */
export function ConfirmForm({ token }: { token: string }) {
  const [state, action] = useActionState(confirmSubscriptionAction, idleState);
  if (state.status === "ok") return <Done message={state.message} />;
  return (
    <form action={action} className="space-y-4">
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Confirming…">Confirm my subscription</SubmitButton>
    </form>
  );
}

export function ManageForm({
  token,
  newsletters,
  lists,
}: {
  token: string;
  newsletters: Newsletter[];
  lists: string[];
}) {
  const [state, action] = useActionState(manageSubscriptionAction, idleState);
  return (
    <form action={action} className="space-y-4">
      {state.status === "ok" ? <Done message={state.message} /> : null}
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      <input type="hidden" name="token" value={token} />
      <fieldset className="space-y-2">
        <legend className="mb-1 font-semibold">Your newsletters</legend>
        {newsletters.map((n) => (
          <label key={n.key} className="flex items-start gap-2">
            <input
              type="checkbox"
              name="newsletters"
              value={n.key}
              defaultChecked={lists.includes(n.key)}
              className="mt-1.5"
            />
            <span>
              <span className="font-semibold">{n.name}</span>
              <span className="block text-sm text-neutral-600 dark:text-neutral-400">{n.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <SubmitButton name="intent" value="save" pendingLabel="Saving…">
          Save my newsletters
        </SubmitButton>
        <SubmitButton name="intent" value="unsubscribe" variant="danger" pendingLabel="Unsubscribing…">
          Unsubscribe from everything
        </SubmitButton>
      </div>
    </form>
  );
}
