"use client";

import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import {
  publishReviewedArticleAction,
  scheduleReviewedArticleAction,
  sendBackArticleAction,
} from "@/lib/actions/review";

/** What an editor may decide about one story in the review queue: publish, schedule, or send it back. */
export function ReviewDecisions({ id, headline, timezone }: { id: number; headline: string; timezone: string }) {
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-3">
      <ActionForm action={publishReviewedArticleAction} hidden={{ id }} className="flex items-end">
        <SubmitButton pendingLabel="Publishing…">Publish now</SubmitButton>
      </ActionForm>
      <ActionForm
        action={scheduleReviewedArticleAction}
        hidden={{ id }}
        className="space-y-2"
        label={`Schedule “${headline}”`}
      >
        {(state) => (
          <>
            <FormField
              label="Publish at"
              hint={`Date and time in ${timezone}.`}
              errors={state.fieldErrors?.publishedAt}
            >
              {(control) => (
                <input {...control} name="publishedAt" type="datetime-local" required className={inputClass} />
              )}
            </FormField>
            <SubmitButton variant="secondary" pendingLabel="Scheduling…">
              Schedule
            </SubmitButton>
          </>
        )}
      </ActionForm>
      <ActionForm
        action={sendBackArticleAction}
        hidden={{ id }}
        className="space-y-2"
        label={`Send back “${headline}”`}
      >
        {(state) => (
          <>
            <FormField
              label="Note to the writer"
              hint="What to change before it can run."
              errors={state.fieldErrors?.note}
            >
              {(control) => <textarea {...control} name="note" rows={3} maxLength={2000} className={inputClass} />}
            </FormField>
            <SubmitButton variant="secondary" pendingLabel="Sending back…">
              Send back
            </SubmitButton>
          </>
        )}
      </ActionForm>
    </div>
  );
}
