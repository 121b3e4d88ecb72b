"use client";

import { useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { postCommentAction } from "@/lib/actions/comments";
import type { ActionState } from "@/lib/actions/state";
import {
  COMMENT_LIMITS,
  commentFieldErrors,
  commentFormValues,
  HONEYPOT_FIELD,
  type CommentField,
  type CommentFormValues,
} from "@/lib/validation/comment";

// Set on submit and read by FocusPostedComment once the redirect has rendered the new comment.
export const FOCUS_AFTER_POST_KEY = "comment:focus-after-post";

const initialState: ActionState = { status: "idle" };

const inputClass =
  "mt-1 block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-base text-neutral-900 focus:outline-2 focus:outline-offset-1 focus:outline-blue-600 aria-invalid:border-red-700 dark:border-neutral-600 dark:bg-neutral-950 dark:text-neutral-100";

function Required() {
  return (
    <span className="required text-red-700 dark:text-red-400" aria-hidden="true">
      *
    </span>
  );
}

function FieldError({ field, message }: { field: CommentField; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${field}-error`} className="mt-1 text-sm font-semibold text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="rounded bg-neutral-900 px-5 py-2 font-semibold text-white hover:bg-neutral-700 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600 disabled:cursor-wait disabled:opacity-70 dark:bg-neutral-100 dark:text-neutral-900"
    >
      {pending ? "Posting…" : "Post Comment"}
    </button>
  );
}

export type ReplyFormProps = {
  articleId: number;
  articlePath: string;
  /** Set on the per-visitor route only: the comment being replied to. */
  replyTo?: { id: number; authorName: string } | null;
  /** Set on the per-visitor route only: the remember-me cookie's values. */
  prefill?: { author: string; email: string; url: string } | null;
};

export function ReplyForm({ articleId, articlePath, replyTo = null, prefill = null }: ReplyFormProps) {
  const [state, formAction] = useActionState(postCommentAction, initialState);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.status !== "error") return;
    sessionStorage.removeItem(FOCUS_AFTER_POST_KEY);
    summaryRef.current?.focus();
  }, [state]);

  const values: CommentFormValues =
    state.status === "error"
      ? commentFormValues(state.values)
      : {
          comment: "",
          author: prefill?.author ?? "",
          email: prefill?.email ?? "",
          url: prefill?.url ?? "",
          remember: !!prefill,
        };
  const errors = state.status === "error" ? commentFieldErrors(state.fieldErrors) : {};
  const describedBy = (field: CommentField, extra?: string) =>
    [extra, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <div id="respond" className="mt-10 scroll-mt-6">
      <h3 id="reply-title" className="font-serif text-xl font-bold">
        {replyTo ? `Leave a Reply to ${replyTo.authorName}` : "Leave a Reply"}
        {replyTo ? (
          <small className="ml-3 font-sans text-sm font-normal">
            <a href={`${articlePath}#respond`} rel="nofollow" className="text-blue-700 underline dark:text-blue-400">
              Cancel reply
            </a>
          </small>
        ) : null}
      </h3>
      {/* noValidate, as WordPress does: the server's messages are the ones people see. */}
      <form
        action={formAction}
        noValidate
        aria-labelledby="reply-title"
        className="mt-4 space-y-4"
        onSubmit={() => sessionStorage.setItem(FOCUS_AFTER_POST_KEY, "1")}
      >
        {state.status === "error" ? (
          <div
            ref={summaryRef}
            role="alert"
            tabIndex={-1}
            aria-labelledby="comment-errors-title"
            className="rounded border-l-4 border-red-700 bg-red-50 p-4 text-sm text-red-900 focus:outline-2 focus:outline-offset-2 focus:outline-red-700 dark:bg-red-950/40 dark:text-red-100"
          >
            <p id="comment-errors-title" className="font-bold">
              Your comment was not posted.
            </p>
            <ul className="mt-1 list-disc pl-5">
              {[...new Set([state.message, ...Object.values(errors)].filter((m): m is string => !!m))].map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p id="email-notes" className="text-sm text-neutral-600 dark:text-neutral-400">
          Your email address will not be published. Required fields are marked <Required />
        </p>
        <input type="hidden" name="articleId" value={articleId} />
        <input type="hidden" name="parentId" value={replyTo?.id ?? ""} />
        <div>
          <label htmlFor="comment" className="font-semibold">
            Comment <Required />
          </label>
          <textarea
            id="comment"
            name="comment"
            rows={8}
            required
            maxLength={COMMENT_LIMITS.comment}
            defaultValue={values.comment}
            aria-invalid={errors.comment ? true : undefined}
            aria-describedby={describedBy("comment")}
            className={inputClass}
          />
          <FieldError field="comment" message={errors.comment} />
        </div>
        <div>
          <label htmlFor="author" className="font-semibold">
            Name <Required />
          </label>
          <input
            id="author"
            name="author"
            type="text"
            required
            maxLength={COMMENT_LIMITS.author}
            autoComplete="name"
            defaultValue={values.author}
            aria-invalid={errors.author ? true : undefined}
            aria-describedby={describedBy("author")}
            className={inputClass}
          />
          <FieldError field="author" message={errors.author} />
        </div>
        <div>
          <label htmlFor="email" className="font-semibold">
            Email <Required />
          </label>
          <input
            id="email"
            name="email"
            type="email"
            required
            maxLength={COMMENT_LIMITS.email}
            autoComplete="email"
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy("email", "email-notes")}
            className={inputClass}
          />
          <FieldError field="email" message={errors.email} />
        </div>
        <div>
          <label htmlFor="url" className="font-semibold">
            Website
          </label>
          <input
            id="url"
            name="url"
            type="url"
            maxLength={COMMENT_LIMITS.url}
            autoComplete="url"
            defaultValue={values.url}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={describedBy("url")}
            className={inputClass}
          />
          <FieldError field="url" message={errors.url} />
        </div>
        {/* Honeypot: invisible and unreachable for people, filled in by form-spamming bots. */}
        <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
          <label htmlFor={HONEYPOT_FIELD}>Leave this field empty</label>
          <input
            id={HONEYPOT_FIELD}
            name={HONEYPOT_FIELD}
            type="text"
            tabIndex={-1}
            autoComplete="off"
            defaultValue=""
          />
        </div>
        <div className="flex items-start gap-2">
          <input
            id="remember"
            name="remember"
            type="checkbox"
            defaultChecked={values.remember}
            className="mt-1 size-4 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
          />
          <label htmlFor="remember" className="text-sm">
            Save my name, email, and website in this browser for the next time I comment.
          </label>
        </div>
        <SubmitButton />
      </form>
    </div>
  );
}
