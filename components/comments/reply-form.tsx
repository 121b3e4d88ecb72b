"use client";

import { useActionState } from "react";
import { postCommentAction } from "@/lib/actions/comments";
import type { ActionState } from "@/lib/actions/state";
import {
  COMMENT_LIMITS,
  commentFieldErrors,
  commentFormValues,
  HONEYPOT_FIELD,
  type CommentField,
  type CommentFormValues,
} from "@/lib/validation/comment-form";
import { SubmitButton } from "@/components/ui/button";
import { ErrorSummary } from "@/components/ui/error-summary";
import { FormField, RequiredMark } from "@/components/ui/form-field";

const inputClass =
  "block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-base text-neutral-900 focus:outline-2 focus:outline-offset-1 focus:outline-blue-600 aria-invalid:border-red-700 dark:border-neutral-600 dark:bg-neutral-950 dark:text-neutral-100";

// Not lib/actions/state's idleState: that module brings zod into the reader's script.
const idleState: ActionState = { status: "idle" };

export type ReplyFormProps = {
  articleId: number;
  /** The URL of the comment page the form is on ("Cancel reply" returns there). */
  pagePath: string;
  /** Set on the per-visitor route only: the comment being replied to. */
  replyTo?: { id: number; authorName: string } | null;
  /** Set on the per-visitor route only: the remember-me cookie's values. */
  prefill?: { author: string; email: string; url: string } | null;
};

/**
 * WordPress's "Leave a Reply" form: the same fields, ids, messages and order, working without JavaScript.
 * A client component for useActionState alone: the server renders a refused post's answer with its
 * errors and the reader's input. Reader pages carry no React in the browser (lib/edge/reader-page.ts);
 * public/comment-form.js posts it without a reload.
 */
export function ReplyForm({ articleId, pagePath, replyTo = null, prefill = null }: ReplyFormProps) {
  const [state, formAction] = useActionState(postCommentAction, idleState);

  const values: CommentFormValues =
    state.status === "error"
      ? commentFormValues(state.values)
      : { comment: "", author: "", email: "", url: "", ...prefill, remember: !!prefill };
  const errors = state.status === "error" ? commentFieldErrors(state.fieldErrors) : {};

  return (
    <div id="respond" className="mt-10 scroll-mt-6">
      <ReplyTitle pagePath={pagePath} replyTo={replyTo} />
      {/* noValidate, as WordPress does: the server's messages are the ones people see. */}
      <form action={formAction} noValidate aria-labelledby="reply-title" className="mt-4 space-y-4">
        {state.status === "error" ? (
          <ErrorSummary
            title="Your comment was not posted."
            messages={[state.message, ...Object.values(errors)].filter((m): m is string => !!m)}
            shownAt={state.at}
          />
        ) : null}
        <p id="email-notes" className="text-sm text-neutral-600 dark:text-neutral-400">
          Your email address will not be published. Required fields are marked <RequiredMark />
        </p>
        <input type="hidden" name="articleId" value={articleId} />
        <input type="hidden" name="parentId" value={replyTo?.id ?? ""} />
        <CommentFields values={values} errors={errors} />
        <Honeypot />
        <RememberMe checked={values.remember} />
        <SubmitButton pendingLabel="Posting…">Post Comment</SubmitButton>
      </form>
    </div>
  );
}

function ReplyTitle({ pagePath, replyTo }: Pick<ReplyFormProps, "pagePath" | "replyTo">) {
  return (
    <h3 id="reply-title" className="font-serif text-xl font-bold">
      {replyTo ? `Leave a Reply to ${replyTo.authorName}` : "Leave a Reply"}
      {replyTo ? (
        <small className="ml-3 font-sans text-sm font-normal">
          <a href={`${pagePath}#respond`} rel="nofollow" className="text-blue-700 underline dark:text-blue-400">
            Cancel reply
          </a>
        </small>
      ) : null}
    </h3>
  );
}

// WordPress's fields in its order; the ids are WordPress's too, so themes' and readers' #links keep working.
const FIELDS: { name: CommentField; label: string; type?: string; autoComplete?: string }[] = [
  { name: "comment", label: "Comment" },
  { name: "author", label: "Name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "url", label: "Website", type: "url", autoComplete: "url" },
];

function CommentFields({
  values,
  errors,
}: {
  values: CommentFormValues;
  errors: Partial<Record<CommentField, string>>;
}) {
  return FIELDS.map(({ name, label, type, autoComplete }) => {
    const required = name !== "url";
    return (
      <FormField
        key={name}
        id={name}
        size="md"
        label={label}
        required={required}
        errors={errors[name] ? [errors[name]] : undefined}
        describedBy={name === "email" ? "email-notes" : undefined}
      >
        {(control) =>
          name === "comment" ? (
            <textarea
              {...control}
              name={name}
              rows={8}
              required
              maxLength={COMMENT_LIMITS.comment}
              defaultValue={values.comment}
              className={inputClass}
            />
          ) : (
            <input
              {...control}
              name={name}
              type={type}
              required={required}
              maxLength={COMMENT_LIMITS[name]}
              autoComplete={autoComplete}
              defaultValue={values[name]}
              className={inputClass}
            />
          )
        }
      </FormField>
    );
  });
}

/** Invisible and unreachable for people, filled in by form-spamming bots. */
function Honeypot() {
  return (
    <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
      <label htmlFor={HONEYPOT_FIELD}>Leave this field empty</label>
      <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

function RememberMe({ checked }: { checked: boolean }) {
  return (
    <div className="flex items-start gap-2">
      <input
        id="remember"
        name="remember"
        type="checkbox"
        defaultChecked={checked}
        className="mt-1 size-4 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
      />
      <label htmlFor="remember" className="text-sm">
        Save my name, email, and website in this browser for the next time I comment.
      </label>
    </div>
  );
}
