import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { StatusBadge } from "@/components/admin/status-badge";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { moderateCommentsAction } from "@/lib/actions/moderation";
import type { ModerationComment } from "@/lib/data/moderation";
import { formatDateTime } from "@/lib/format/dates";
import { articlePath } from "@/lib/site";
import { EditCommentForm, NewsroomReplyForm } from "./comment-row-forms";

/** One comment in the moderation queue: who wrote it, where, what it says, and what may be done to it. */
export function CommentRow({ comment: c, timezone }: { comment: ModerationComment; timezone: string }) {
  return (
    <li className="grid gap-3 py-4 sm:grid-cols-[2rem_14rem_1fr]" aria-label={`Comment by ${c.authorName}`}>
      <div>
        <input
          type="checkbox"
          name="ids"
          value={c.id}
          form="bulk-comments"
          aria-label={`Select comment by ${c.authorName}`}
          className="h-4 w-4"
        />
      </div>
      <Commenter comment={c} />
      <div className="min-w-0 space-y-2 text-sm">
        <p className="flex flex-wrap items-center gap-2 text-neutral-600 dark:text-neutral-400">
          <StatusBadge status={c.status} />
          <span>
            on{" "}
            <Link
              href={`${articlePath(c.articleSlug)}#comment-${c.id}`}
              className="font-semibold text-neutral-900 underline dark:text-neutral-100"
            >
              {c.articleHeadline}
            </Link>
          </span>
          <span>· {formatDateTime(c.createdAt, timezone)}</span>
          {c.parentId ? <span>· in reply to #{c.parentId}</span> : null}
        </p>
        <p className="break-words whitespace-pre-line">{c.body.length > 400 ? `${c.body.slice(0, 400)}…` : c.body}</p>
        <RowButtons comment={c} />
        {c.status !== "spam" && c.status !== "trash" ? (
          <div className="flex flex-wrap gap-4">
            <details>
              <summary className="cursor-pointer text-sm font-semibold underline">Reply</summary>
              <NewsroomReplyForm parentId={c.id} authorName={c.authorName} />
            </details>
            <details>
              <summary className="cursor-pointer text-sm font-semibold underline">Edit</summary>
              <EditCommentForm comment={c} />
            </details>
          </div>
        ) : null}
      </div>
    </li>
  );
}

function Commenter({ comment: c }: { comment: ModerationComment }) {
  return (
    <div className="min-w-0 text-sm">
      <p className="font-semibold">
        {c.authorName}{" "}
        {c.byStaff ? <span className="text-xs font-normal text-neutral-500 dark:text-neutral-400">(staff)</span> : null}
      </p>
      <p className="truncate text-neutral-600 dark:text-neutral-400">{c.authorEmail}</p>
      {c.authorUrl ? <p className="truncate text-neutral-600 dark:text-neutral-400">{c.authorUrl}</p> : null}
      <p className="text-neutral-600 dark:text-neutral-400">IP {c.authorIp || "—"}</p>
    </div>
  );
}

function RowButtons({ comment }: { comment: ModerationComment }) {
  const live = comment.status === "pending" || comment.status === "approved";
  return (
    <ActionForm
      action={moderateCommentsAction}
      hidden={{ ids: comment.id }}
      className="flex flex-wrap gap-2"
      label={`Moderate comment by ${comment.authorName}`}
    >
      {comment.status === "pending" ? (
        <SubmitButton size="sm" name="operation" value="approve" pendingLabel="Approving…">
          Approve
        </SubmitButton>
      ) : null}
      {comment.status === "approved" ? <Operation value="unapprove" label="Unapprove" /> : null}
      {live ? (
        <>
          <Operation value="spam" label="Spam" />
          <Operation value="trash" label="Trash" />
        </>
      ) : (
        <>
          <Operation value="restore" label="Restore" pending="Restoring…" />
          <ConfirmButton
            title="Delete this comment permanently?"
            description="This cannot be undone."
            confirmLabel="Delete permanently"
            name="operation"
            value="delete"
          >
            Delete permanently
          </ConfirmButton>
        </>
      )}
    </ActionForm>
  );
}

function Operation({ value, label, pending = "Working…" }: { value: string; label: string; pending?: string }) {
  return (
    <SubmitButton size="sm" variant="secondary" name="operation" value={value} pendingLabel={pending}>
      {label}
    </SubmitButton>
  );
}
