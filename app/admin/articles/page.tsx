import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPagination, AdminTable, FilterTabs, NewArticleLink, PageTitle } from "@/components/admin/page-chrome";
import { StatusBadge } from "@/components/admin/status-badge";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { inputClass } from "@/components/ui/form-field";
import { deleteArticleAction, restoreArticleAction, trashArticleAction } from "@/lib/actions/articles";
import { requireStaff } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import {
  countArticleDependents,
  countArticlesByFilter,
  listAdminArticles,
  type DeletionToll,
} from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format";
import { ARTICLE_FILTERS, type ArticleFilter } from "@/lib/validation/article";

export const metadata: Metadata = { title: "Articles" };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** What the permanent-delete confirmation says goes with the story. */
function deletionDescription(toll: DeletionToll | undefined): string {
  const { comments = 0, revisions = 0 } = toll ?? {};
  return `Its ${plural(comments, "comment")} and ${plural(revisions, "revision")} are deleted with it. This cannot be undone.`;
}

const FILTER_LABELS: Record<ArticleFilter, string> = {
  all: "All",
  published: "Published",
  scheduled: "Scheduled",
  draft: "Drafts",
  trash: "Trash",
};

type Props = { searchParams: Promise<{ status?: string; q?: string; page?: string }> };

export default async function ArticlesPage({ searchParams }: Props) {
  const user = await requireStaff("/admin/articles");
  const params = await searchParams;
  const filter = (ARTICLE_FILTERS as readonly string[]).includes(params.status ?? "")
    ? (params.status as ArticleFilter)
    : "all";
  const query = (params.q ?? "").slice(0, 200);
  const ownerId = hasRole(user, "editor") ? null : user.id;
  const [counts, list, { timezone }] = await Promise.all([
    countArticlesByFilter(ownerId),
    listAdminArticles({ filter, query, page: Number(params.page) || 1, ownerId }),
    getSettingsUncached(),
  ]);
  const tolls = hasRole(user, "editor")
    ? await countArticleDependents(list.items.filter((a) => a.trashedAt).map((a) => a.id))
    : new Map<number, DeletionToll>();
  const href = (f: ArticleFilter, page = 1) => {
    const sp = new URLSearchParams();
    if (f !== "all") sp.set("status", f);
    if (query) sp.set("q", query);
    if (page > 1) sp.set("page", String(page));
    const s = sp.toString();
    return `/admin/articles${s ? `?${s}` : ""}`;
  };

  return (
    <>
      <PageTitle actions={<NewArticleLink />}>Articles</PageTitle>
      <FilterTabs
        label="Filter by status"
        tabs={ARTICLE_FILTERS.map((f) => ({
          href: href(f),
          label: FILTER_LABELS[f],
          count: counts[f],
          current: f === filter,
        }))}
      />
      <form role="search" className="my-4 flex max-w-md gap-2" action="/admin/articles">
        {filter !== "all" ? <input type="hidden" name="status" value={filter} /> : null}
        <label htmlFor="article-search" className="sr-only">
          Search headlines
        </label>
        <input
          id="article-search"
          name="q"
          type="search"
          defaultValue={query}
          placeholder="Search headlines"
          className={inputClass}
        />
        <button
          type="submit"
          className="rounded border border-neutral-300 px-4 text-sm font-semibold dark:border-neutral-700"
        >
          Search
        </button>
      </form>
      {list.items.length === 0 ? (
        <p className="py-8 text-neutral-600">No articles found.</p>
      ) : (
        <AdminTable
          caption={`${FILTER_LABELS[filter]} articles`}
          columns={["Headline", "Authors", "Section", "Status", "Date", "Actions"]}
          minWidthClass="min-w-[640px]"
        >
          {list.items.map((a) => (
            <tr key={a.id} className="align-top">
              <td className="py-2 pr-3 font-semibold">
                {a.trashedAt ? (
                  a.headline
                ) : (
                  <Link href={`/admin/articles/${a.id}`} className="hover:underline">
                    {a.headline}
                  </Link>
                )}
              </td>
              <td className="py-2 pr-3">{a.authorNames.join(", ") || "—"}</td>
              <td className="py-2 pr-3">{a.sectionName ?? "—"}</td>
              <td className="py-2 pr-3">
                <StatusBadge status={a.trashedAt ? "trash" : a.status} />
              </td>
              <td className="py-2 pr-3 whitespace-nowrap">
                {a.publishedAt && a.status !== "draft"
                  ? formatDateTime(a.publishedAt, timezone)
                  : `Edited ${formatDateTime(a.updatedAt, timezone)}`}
              </td>
              <td className="py-2">
                <div className="flex flex-wrap gap-2">
                  {a.trashedAt ? (
                    <>
                      <ActionForm action={restoreArticleAction} hidden={{ id: a.id }}>
                        <SubmitButton variant="secondary" size="sm" pendingLabel="Restoring…">
                          Restore
                        </SubmitButton>
                      </ActionForm>
                      {hasRole(user, "editor") ? (
                        <ActionForm action={deleteArticleAction} hidden={{ id: a.id }}>
                          <ConfirmButton
                            title={`Delete “${a.headline}” permanently?`}
                            description={deletionDescription(tolls.get(a.id))}
                            confirmLabel="Delete permanently"
                          >
                            Delete permanently
                          </ConfirmButton>
                        </ActionForm>
                      ) : null}
                    </>
                  ) : (
                    <>
                      <Link
                        href={`/admin/articles/${a.id}/preview`}
                        className="rounded border border-neutral-300 px-2.5 py-1 text-xs font-semibold dark:border-neutral-700"
                      >
                        Preview
                      </Link>
                      <ActionForm action={trashArticleAction} hidden={{ id: a.id }}>
                        <ConfirmButton
                          title={`Move “${a.headline}” to the trash?`}
                          description="Readers will no longer see it. You can restore it from the trash."
                          confirmLabel="Move to trash"
                        >
                          Trash
                        </ConfirmButton>
                      </ActionForm>
                    </>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <AdminPagination page={list.page} totalPages={list.totalPages} href={(p) => href(filter, p)} />
    </>
  );
}
