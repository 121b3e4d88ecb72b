import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { inputClass } from "@/components/ui/form-field";
import { emptyCommentsAction, moderateCommentsAction } from "@/lib/actions/moderation";
import type { CommentFilter } from "@/lib/validation/moderation";

/** Narrow the queue to one article or a text; a plain GET form, so filters are links that can be shared. */
export function CommentFilters({
  filter,
  articleId,
  query,
  articles,
}: {
  filter: CommentFilter;
  articleId: number | null;
  query: string;
  articles: { id: number; headline: string }[];
}) {
  return (
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
          aria-describedby="comment-article-hint"
          className={`${inputClass} max-w-xs`}
        >
          <option value="">All articles</option>
          {articles.map((a) => (
            <option key={a.id} value={a.id}>
              {a.headline.length > 70 ? `${a.headline.slice(0, 70)}…` : a.headline}
            </option>
          ))}
        </select>
        <p id="comment-article-hint" className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">
          Lists the articles with the newest pending comments.
        </p>
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
  );
}

/** Spam and trash are emptied in one go, after a confirmation. */
export function EmptyBin({ filter }: { filter: "spam" | "trash" }) {
  const label = filter === "spam" ? "Empty spam" : "Empty trash";
  return (
    <ActionForm action={emptyCommentsAction} hidden={{ status: filter }}>
      <ConfirmButton
        title={`${label}?`}
        description={`Every comment in ${filter} is deleted permanently.`}
        confirmLabel={label}
        size="md"
      >
        {label}
      </ConfirmButton>
    </ActionForm>
  );
}

/** The bulk form; each row's checkbox joins it through form="bulk-comments". */
export function BulkCommentActions() {
  return (
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
  );
}
