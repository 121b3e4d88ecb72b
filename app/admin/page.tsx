import type { Metadata } from "next";
import Link from "next/link";
import { NewArticleLink, PageTitle } from "@/components/admin/page-chrome";
import { requireStaff } from "@/lib/auth/guards";
import { canReview, hasRole } from "@/lib/auth/roles";
import { SentBackList } from "@/components/admin/review/status-history";
import { countPendingReview, listSentBackTo } from "@/lib/data/status-history";
import { ForYouList } from "@/components/admin/notes/notes-panel";
import { listUnreadMentions } from "@/lib/data/notes";
import { countArticlesByFilter, listAdminArticles } from "@/lib/data/admin-articles";
import { countCommentsByStatus, listRecentComments } from "@/lib/data/moderation";
import { getSettingsUncached } from "@/lib/data/settings";
import { listFailedWebhooks } from "@/lib/data/webhooks";
import { formatDateTime } from "@/lib/format/dates";
import { ArticleStatusBadge, StatusBadge } from "@/components/admin/status-badge";

export const metadata: Metadata = { title: "Dashboard" };

type Props = { searchParams: Promise<{ denied?: string }> };

export default async function DashboardPage({ searchParams }: Props) {
  const user = await requireStaff("/admin");
  const { denied } = await searchParams;
  const editor = hasRole(user, "editor");
  const ownerId = editor ? null : user.id;
  const [counts, comments, latest, recentComments, { timezone }, inReview, sentBack, mentions] = await Promise.all([
    countArticlesByFilter(ownerId),
    editor ? countCommentsByStatus() : null,
    listAdminArticles({ filter: "all", query: "", page: 1, ownerId }),
    editor ? listRecentComments(5) : [],
    getSettingsUncached(),
    canReview(user) ? countPendingReview() : null,
    listSentBackTo(user.id),
    listUnreadMentions(user.id),
  ]);
  const recent = latest.items.slice(0, 6);
  const failedWebhooks = hasRole(user, "administrator") ? await listFailedWebhooks() : [];

  const cards = [
    ...(inReview !== null ? [{ label: "Pending review", value: inReview, href: "/admin/review" }] : []),
    { label: "Published", value: counts.published, href: "/admin/articles?status=published" },
    { label: "Scheduled", value: counts.scheduled, href: "/admin/articles?status=scheduled" },
    { label: "Drafts", value: counts.draft, href: "/admin/articles?status=draft" },
    ...(comments
      ? [{ label: "Pending comments", value: comments.pending, href: "/admin/comments?status=pending" }]
      : []),
  ];

  return (
    <>
      <PageTitle actions={<NewArticleLink />}>Dashboard</PageTitle>
      {denied ? (
        <p
          role="alert"
          className="mb-6 rounded bg-amber-50 p-3 text-sm font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          You do not have permission to open that page.
        </p>
      ) : null}
      <ForYouList mentions={mentions} timezone={timezone} />
      <SentBackList stories={sentBack} timezone={timezone} />
      {failedWebhooks.length > 0 ? (
        <p
          role="alert"
          className="mb-6 rounded bg-red-50 p-3 text-sm font-semibold text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          {failedWebhooks.length === 1 ? "A webhook was" : `${failedWebhooks.length} webhooks were`} turned off after
          failing for 24 hours.{" "}
          <Link href="/admin/integrations" className="underline">
            Review integrations
          </Link>
        </p>
      ) : null}
      <ul className="grid grid-cols-2 gap-4 sm:grid-cols-5" aria-label="At a glance">
        {cards.map((c) => (
          <li key={c.label}>
            <Link
              href={c.href}
              className="block rounded-lg border border-neutral-200 p-4 hover:bg-neutral-50 dark:border-neutral-800 dark:hover:bg-neutral-900"
            >
              <span className="block text-3xl font-bold">{c.value}</span>
              <span className="text-sm text-neutral-600 dark:text-neutral-400">{c.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-10 grid gap-10 lg:grid-cols-2">
        <RecentPanel
          id="recent-articles"
          title="Recent articles"
          more={{ href: "/admin/articles", label: "All articles" }}
        >
          {recent.map((a) => (
            <li key={a.id} className="flex items-start justify-between gap-3 py-2">
              <Link href={`/admin/articles/${a.id}`} className="font-semibold hover:underline">
                {a.headline}
              </Link>
              <ArticleStatusBadge status={a.status} />
            </li>
          ))}
        </RecentPanel>
        {editor ? (
          <RecentPanel
            id="recent-comments"
            title="Recent comments"
            more={{ href: "/admin/comments", label: "Moderate comments" }}
          >
            {recentComments.map((c) => (
              <li key={c.id} className="py-2 text-sm">
                <p>
                  <strong>{c.authorName}</strong> on{" "}
                  <Link href={`/articles/${c.articleSlug}`} className="underline">
                    {c.articleHeadline}
                  </Link>{" "}
                  <span className="text-neutral-500 dark:text-neutral-400">
                    · {formatDateTime(c.createdAt, timezone)}
                  </span>{" "}
                  <StatusBadge status={c.status} />
                </p>
                <p className="mt-1 line-clamp-2 text-neutral-700 dark:text-neutral-300">{c.body}</p>
              </li>
            ))}
          </RecentPanel>
        ) : null}
      </div>
    </>
  );
}

/** A titled list of the latest few items, with a link to all of them. */
function RecentPanel({
  id,
  title,
  more,
  children,
}: {
  id: string;
  title: string;
  more: { href: string; label: string };
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-xl font-bold">
        {title}
      </h2>
      <ul className="divide-y divide-neutral-200 dark:divide-neutral-800">{children}</ul>
      <Link href={more.href} className="mt-3 inline-block text-sm font-semibold underline">
        {more.label}
      </Link>
    </section>
  );
}
