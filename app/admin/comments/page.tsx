import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { EditCommentForm, ReplyForm } from "@/components/admin/comment-row-forms";
import { AdminPagination, FilterTabs, PageTitle } from "@/components/admin/page-chrome";
import { StatusBadge } from "@/components/admin/status-badge";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { inputClass } from "@/components/ui/form-field";
import { emptyCommentsAction, moderateCommentsAction } from "@/lib/actions/moderation";
import { requireEditor } from "@/lib/auth/guards";
import {
  countCommentsByStatus,
  listArticlesWithComments,
  listCommentsForModeration,
  type ModerationComment,
} from "@/lib/data/moderation";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format";
import { articlePath } from "@/lib/site";
import { COMMENT_FILTERS, type CommentFilter } from "@/lib/validation/moderation";

export const metadata: Metadata = { title: "Comments" };

const LABELS: Record<CommentFilter, string> = {
  all: "All",
  pending: "Pending",
  approved: "Approved",
  spam: "Spam",
  trash: "Trash",
};

type Props = { searchParams: Promise<{ status?: string; article?: string; q?: string; page?: string }> };

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
      {comment.status === "approved" ? (
        <SubmitButton size="sm" variant="secondary" name="operation" value="unapprove" pendingLabel="Working…">
          Unapprove
        </SubmitButton>
      ) : null}
      {live ? (
        <>
          <SubmitButton size="sm" variant="secondary" name="operation" value="spam" pendingLabel="Working…">
            Spam
          </SubmitButton>
          <SubmitButton size="sm" variant="secondary" name="operation" value="trash" pendingLabel="Working…">
            Trash
          </SubmitButton>
        </>
      ) : (
        <>
          <SubmitButton size="sm" variant="secondary" name="operation" value="restore" pendingLabel="Restoring…">
            Restore
          </SubmitButton>
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

export default async function CommentsPage({ searchParams }: Props) {
  await requireEditor("/admin/comments");
  const params = await searchParams;
  const filter = (COMMENT_FILTERS as readonly string[]).includes(params.status ?? "")
    ? (params.status as CommentFilter)
    : "all";
  const articleId = Number(params.article) || null;
  const query = (params.q ?? "").slice(0, 200);
  const [counts, list, articleOptions, { timezone }] = await Promise.all([
    countCommentsByStatus(articleId),
    listCommentsForModeration({ filter, articleId, query, page: Number(params.page) || 1 }),
    listArticlesWithComments(),
    getSettingsUncached(),
  ]);
  const href = (f: CommentFilter, page = 1) => {
    const sp = new URLSearchParams();
    if (f !== "all") sp.set("status", f);
    if (articleId) sp.set("article", String(articleId));
    if (query) sp.set("q", query);
    if (page > 1) sp.set("page", String(page));
    const s = sp.toString();
    return `/admin/comments${s ? `?${s}` : ""}`;
  };

  return (
    <>
      <PageTitle>Comments</PageTitle>
      <FilterTabs
        label="Filter by status"
        tabs={COMMENT_FILTERS.map((f) => ({
          href: href(f),
          label: LABELS[f],
          count: counts[f],
          current: f === filter,
        }))}
      />
      <div className="my-4 flex flex-wrap items-end justify-between gap-4">
        <form role="search" action="/admin/comments" className="flex flex-wrap items-end gap-2">
          {filter !== "all" ? <input type="hidden" name="status" value={filter} /> : null}
          <div>
            <label htmlFor="comment-article" className="block text-xs font-semibold">
              Article
            </label>
            <select
              id="comment-article"
              name="article"
              defaultValue={articleId ?? ""}
              className={`${inputClass} max-w-xs`}
            >
              <option value="">All articles</option>
              {articleOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.headline.length > 70 ? `${a.headline.slice(0, 70)}…` : a.headline}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="comment-search" className="block text-xs font-semibold">
              Search comments
            </label>
            <input id="comment-search" name="q" type="search" defaultValue={query} className={inputClass} />
          </div>
          <button
            type="submit"
            className="rounded border border-neutral-300 px-4 py-2 text-sm font-semibold dark:border-neutral-700"
          >
            Filter
          </button>
        </form>
        {filter === "spam" || filter === "trash" ? (
          <ActionForm action={emptyCommentsAction} hidden={{ status: filter }}>
            <ConfirmButton
              title={filter === "spam" ? "Empty spam?" : "Empty trash?"}
              description={`Every comment in ${filter} is deleted permanently.`}
              confirmLabel={filter === "spam" ? "Empty spam" : "Empty trash"}
              size="md"
            >
              {filter === "spam" ? "Empty spam" : "Empty trash"}
            </ConfirmButton>
          </ActionForm>
        ) : null}
      </div>

      <ActionForm
        action={moderateCommentsAction}
        id="bulk-comments"
        className="mb-3 flex flex-wrap items-center gap-2"
        label="Bulk actions"
      >
        <label htmlFor="bulk-operation" className="text-sm font-semibold">
          Bulk action
        </label>
        <select id="bulk-operation" name="bulkOperation" defaultValue="" className={`${inputClass} max-w-xs`}>
          <option value="">Choose…</option>
          <option value="approve">Approve</option>
          <option value="unapprove">Unapprove</option>
          <option value="spam">Mark as spam</option>
          <option value="trash">Move to trash</option>
          <option value="restore">Restore</option>
          <option value="delete">Delete permanently (spam and trash only)</option>
        </select>
        <SubmitButton size="sm" variant="secondary" pendingLabel="Applying…">
          Apply
        </SubmitButton>
      </ActionForm>

      {list.items.length === 0 ? (
        <p className="py-8 text-neutral-600">No comments found.</p>
      ) : (
        <ul
          className="divide-y divide-neutral-200 border-y border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800"
          aria-label="Comments"
        >
          {list.items.map((c) => (
            <li
              key={c.id}
              className="grid gap-3 py-4 sm:grid-cols-[2rem_14rem_1fr]"
              aria-label={`Comment by ${c.authorName}`}
            >
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
              <div className="min-w-0 text-sm">
                <p className="font-semibold">
                  {c.authorName}{" "}
                  {c.byStaff ? <span className="text-xs font-normal text-neutral-500">(staff)</span> : null}
                </p>
                <p className="truncate text-neutral-600 dark:text-neutral-400">{c.authorEmail}</p>
                {c.authorUrl ? <p className="truncate text-neutral-600 dark:text-neutral-400">{c.authorUrl}</p> : null}
                <p className="text-neutral-600 dark:text-neutral-400">IP {c.authorIp || "—"}</p>
              </div>
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
                <p className="break-words whitespace-pre-line">
                  {c.body.length > 400 ? `${c.body.slice(0, 400)}…` : c.body}
                </p>
                <RowButtons comment={c} />
                {c.status !== "spam" && c.status !== "trash" ? (
                  <div className="flex flex-wrap gap-4">
                    <details>
                      <summary className="cursor-pointer text-sm font-semibold underline">Reply</summary>
                      <ReplyForm parentId={c.id} authorName={c.authorName} />
                    </details>
                    <details>
                      <summary className="cursor-pointer text-sm font-semibold underline">Edit</summary>
                      <EditCommentForm comment={c} />
                    </details>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <AdminPagination page={list.page} totalPages={list.totalPages} href={(p) => href(filter, p)} />
    </>
  );
}
