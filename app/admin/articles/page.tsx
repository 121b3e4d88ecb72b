import type { Metadata } from "next";
import { ArticleRow } from "@/components/admin/articles/article-row";
import { AdminPagination, AdminTable, FilterTabs, NewArticleLink, PageTitle } from "@/components/admin/page-chrome";
import { inputClass } from "@/components/ui/form-field";
import { requireStaff } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import {
  countArticleDependents,
  countArticlesByFilter,
  listAdminArticles,
  type DeletionToll,
} from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { listHref } from "@/lib/pagination";
import { ARTICLE_FILTERS, type ArticleFilter } from "@/lib/validation/article";

export const metadata: Metadata = { title: "Articles" };

/** What the permanent-delete confirmation says goes with the story. */
const FILTER_LABELS: Record<ArticleFilter, string> = {
  all: "All",
  published: "Published",
  scheduled: "Scheduled",
  pending: "Pending review",
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
  // Authors and contributors see their own stories only.
  const ownerId = hasRole(user, "editor") ? null : user.id;
  const [counts, list, { timezone }] = await Promise.all([
    countArticlesByFilter(ownerId),
    listAdminArticles({ filter, query, page: Number(params.page) || 1, ownerId }),
    getSettingsUncached(),
  ]);
  // What a permanent delete takes with it, said in its confirmation (only editors may delete).
  const tolls = hasRole(user, "editor")
    ? await countArticleDependents(list.items.filter((a) => a.trashedAt).map((a) => a.id))
    : new Map<number, DeletionToll>();
  const href = (status: ArticleFilter, page = 1) => listHref("/admin/articles", { status, q: query, page });

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
      <HeadlineSearch filter={filter} query={query} />
      {list.items.length === 0 ? (
        <p className="py-8 text-neutral-600 dark:text-neutral-400">No articles found.</p>
      ) : (
        <AdminTable
          caption={`${FILTER_LABELS[filter]} articles`}
          columns={["Headline", "Authors", "Section", "Status", "Date", "Actions"]}
          minWidthClass="min-w-[640px]"
        >
          {list.items.map((a) => (
            <ArticleRow
              key={a.id}
              article={a}
              timezone={timezone}
              canDelete={hasRole(user, "editor")}
              toll={tolls.get(a.id)}
            />
          ))}
        </AdminTable>
      )}
      <AdminPagination page={list.page} totalPages={list.totalPages} href={(page) => href(filter, page)} />
    </>
  );
}

function HeadlineSearch({ filter, query }: { filter: ArticleFilter; query: string }) {
  return (
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
  );
}
