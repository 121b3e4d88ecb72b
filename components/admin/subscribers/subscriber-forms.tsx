"use client";

import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { inputClass } from "@/components/ui/form-field";
import { deleteSubscriberAction, importSubscribersAction, sendTestNewsletterAction } from "@/lib/actions/subscribers";

export function ImportSubscribersForm() {
  return (
    <ActionForm action={importSubscribersAction} className="space-y-3" label="Import subscribers">
      <div>
        <label htmlFor="import-file" className="mb-1 block text-sm font-semibold">
          CSV file
        </label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="import-hint" />
        <p id="import-hint" className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">
          A header row with <code>email</code> and optionally <code>newsletters</code> (keys such as{" "}
          <code>daily section:world</code>; Daily briefing when empty).
        </p>
      </div>
      <div>
        <label htmlFor="import-source" className="mb-1 block text-sm font-semibold">
          Source
        </label>
        <input
          id="import-source"
          name="source"
          required
          className={inputClass}
          placeholder="e.g. Mailchimp export 2026-12"
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="confirmed" />
        These people already confirmed (opted in) elsewhere
      </label>
      <SubmitButton pendingLabel="Importing…">Import</SubmitButton>
    </ActionForm>
  );
}

export function DeleteSubscriberButton({ id }: { id: number }) {
  return (
    <ActionForm action={deleteSubscriberAction} hidden={{ id }}>
      <ConfirmButton
        title="Delete this subscriber?"
        description="The address is erased, with its newsletters and the record of what was sent to it."
        confirmLabel="Delete"
      >
        Delete
      </ConfirmButton>
    </ActionForm>
  );
}

export function SendTestButton({ kind, articleId }: { kind: "briefing" | "article"; articleId?: number }) {
  return (
    <ActionForm action={sendTestNewsletterAction} hidden={articleId ? { kind, articleId } : { kind }}>
      <SubmitButton variant="secondary" size="sm" pendingLabel="Queueing…">
        Send a test to me
      </SubmitButton>
    </ActionForm>
  );
}
