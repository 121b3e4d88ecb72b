import type { Metadata } from "next";
import { BulkCommentActions, CommentFilters, EmptyBin } from "@/components/admin/comments/comment-filters";
import { CommentRow } from "@/components/admin/comments/comment-row";
import { AdminPagination, FilterTabs, PageTitle } from "@/components/admin/page-chrome";
import { requireEditor } from "@/lib/auth/guards";
import { countCommentsByStatus, listArticlesForCommentFilter, listCommentsForModeration } from "@/lib/data/moderation";
import { getSettingsUncached } from "@/lib/data/settings";
import { listHref } from "@/lib/pagination";
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

export default async function CommentsPage({ searchParams }: Props) {
  await requireEditor("/admin/comments");
  const params = await searchParams;
  const filter = (COMMENT_FILTERS as readonly string[]).includes(params.status ?? "")
    ? (params.status as CommentFilter)
    : "all";
  const articleId = Number(params.article) || null;
  const query = (params.q ?? "").slice(0, 200);
  const [counts, list, articles, { timezone }] = await Promise.all([
    countCommentsByStatus(articleId),
    listCommentsForModeration({ filter, articleId, query, page: Number(params.page) || 1 }),
    listArticlesForCommentFilter(articleId),
    getSettingsUncached(),
  ]);
  const href = (status: CommentFilter, page = 1) =>
    listHref("/admin/comments", { status, article: articleId, q: query, page });

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
        <CommentFilters filter={filter} articleId={articleId} query={query} articles={articles} />
        {filter === "spam" || filter === "trash" ? <EmptyBin filter={filter} /> : null}
      </div>
      <BulkCommentActions />
      {list.items.length === 0 ? (
        <p className="py-8 text-neutral-600 dark:text-neutral-400">No comments found.</p>
      ) : (
        <ul
          className="divide-y divide-neutral-200 border-y border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800"
          aria-label="Comments"
        >
          {list.items.map((c) => (
            <CommentRow key={c.id} comment={c} timezone={timezone} />
          ))}
        </ul>
      )}
      <AdminPagination page={list.page} totalPages={list.totalPages} href={(page) => href(filter, page)} />
    </>
  );
}
