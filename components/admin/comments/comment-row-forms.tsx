"use client";

import { editCommentAction, replyToCommentAction } from "@/lib/actions/moderation";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

export function NewsroomReplyForm({ parentId, authorName }: { parentId: number; authorName: string }) {
  const [state, action] = useToastingAction(replyToCommentAction);
  return (
    <form action={action} className="mt-2 space-y-2" aria-label={`Reply to ${authorName}`} noValidate>
      <input type="hidden" name="parentId" value={parentId} />
      <FormField
        label={`Reply to ${authorName}`}
        errors={state.status === "error" ? state.fieldErrors?.body : undefined}
      >
        {(control) => (
          <textarea
            {...control}
            name="body"
            rows={3}
            defaultValue={state.status === "error" ? state.values?.body : ""}
            className={inputClass}
          />
        )}
      </FormField>
      <SubmitButton size="sm" pendingLabel="Posting…">
        Post reply
      </SubmitButton>
    </form>
  );
}

export function EditCommentForm({
  comment,
}: {
  comment: { id: number; authorName: string; authorEmail: string; authorUrl: string; body: string };
}) {
  const [state, action] = useToastingAction(editCommentAction);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const shown = state.status === "error" && state.values ? state.values : comment;
  return (
    <form
      action={action}
      className="mt-2 grid gap-2 sm:grid-cols-2"
      aria-label={`Edit comment by ${comment.authorName}`}
      noValidate
    >
      <input type="hidden" name="id" value={comment.id} />
      <FormField label="Name" errors={errors.authorName}>
        {(control) => <input {...control} name="authorName" defaultValue={shown.authorName} className={inputClass} />}
      </FormField>
      <FormField label="Email" errors={errors.authorEmail}>
        {(control) => (
          <input {...control} name="authorEmail" type="email" defaultValue={shown.authorEmail} className={inputClass} />
        )}
      </FormField>
      <FormField label="Website" errors={errors.authorUrl}>
        {(control) => (
          <input {...control} name="authorUrl" type="url" defaultValue={shown.authorUrl} className={inputClass} />
        )}
      </FormField>
      <div className="sm:col-span-2">
        <FormField label="Comment" errors={errors.body}>
          {(control) => <textarea {...control} name="body" rows={4} defaultValue={shown.body} className={inputClass} />}
        </FormField>
      </div>
      <div>
        <SubmitButton size="sm" pendingLabel="Saving…">
          Update comment
        </SubmitButton>
      </div>
    </form>
  );
}
