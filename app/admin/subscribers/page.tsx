import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/admin/page-chrome";
import { LiveRefresh } from "@/components/admin/subscribers/live-refresh";
import {
  DeleteSubscriberButton,
  ImportSubscribersForm,
  SendTestButton,
} from "@/components/admin/subscribers/subscriber-forms";
import { requireRole } from "@/lib/auth/guards";
import { countQueuedMail, listIssues, type IssueSummary } from "@/lib/data/newsletter-sends";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { getSettingsUncached } from "@/lib/data/settings";
import { countSubscribers, listSubscribers, type SubscriberPage } from "@/lib/data/subscribers";
import { formatDateTime } from "@/lib/format/dates";
import { availableNewsletters } from "@/lib/mail/newsletters";
import { mailConfigured } from "@/lib/mail/transport";

export const metadata: Metadata = { title: "Subscribers" };

type Props = { searchParams: Promise<{ q?: string; before?: string }> };

const cell = "py-2 pr-3 align-top";

export default async function SubscribersPage({ searchParams }: Props) {
  await requireRole("administrator", "/admin/subscribers");
  const { q = "", before } = await searchParams;
  const [settings, sections, counts, issues, page, queued] = await Promise.all([
    getSettingsUncached(),
    sectionsForNewsletters(),
    countSubscribers(),
    listIssues(10),
    listSubscribers(q.slice(0, 200), Number(before) || null),
    countQueuedMail(),
  ]);
  const newsletters = availableNewsletters(settings.newsletterSections, sections);
  const names = new Map(newsletters.map((n) => [n.key, n.name]));
  const sending = issues.some((i) => i.state === "sending");
  return (
    <>
      <PageTitle
        actions={
          <div className="flex gap-3 text-sm">
            <Link href="/admin/subscribers/preview" className="underline">
              Preview the daily briefing
            </Link>
            <a href="/admin/subscribers/export" className="underline" download>
              Export CSV
            </a>
          </div>
        }
      >
        Subscribers
      </PageTitle>
      <LiveRefresh active={sending} />
      {!mailConfigured() ? (
        <p role="alert" className="mb-6 rounded bg-amber-50 p-3 text-sm font-semibold text-amber-900">
          Mail is not configured: set SMTP_URL to send email. Signups still work; {queued} email
          {queued === 1 ? " is" : "s are"} waiting in the queue and will be sent once it is set.
        </p>
      ) : null}

      <section aria-labelledby="counts-h" className="mb-8">
        <h2 id="counts-h" className="mb-2 text-lg font-bold">
          Confirmed subscribers per newsletter
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {newsletters.map((n) => (
            <div key={n.key} className="rounded border border-neutral-200 p-3 dark:border-neutral-800">
              <dt className="text-sm text-neutral-600 dark:text-neutral-400">{n.name}</dt>
              <dd className="text-2xl font-bold">{(counts.byList[n.key] ?? 0).toLocaleString("en")}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">
          {["confirmed", "pending", "unsubscribed", "bouncing"]
            .map((s) => `${(counts.byStatus[s] ?? 0).toLocaleString("en")} ${s}`)
            .join(" · ")}
        </p>
      </section>

      <IssuesSection issues={issues} sending={sending} timezone={settings.timezone} />
      <SubscriberList page={page} q={q} before={before} names={names} timezone={settings.timezone} />
      <section aria-labelledby="import-h" className="max-w-xl">
        <h2 id="import-h" className="mb-2 text-lg font-bold">
          Import
        </h2>
        <ImportSubscribersForm />
      </section>
    </>
  );
}

function IssuesSection({ issues, sending, timezone }: { issues: IssueSummary[]; sending: boolean; timezone: string }) {
  return (
    <section aria-labelledby="issues-h" className="mb-8">
      <h2 id="issues-h" className="mb-2 text-lg font-bold">
        Sent newsletters {sending ? <span className="text-sm font-normal">(updating while sending)</span> : null}
      </h2>
      {issues.length ? (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-neutral-300 dark:border-neutral-700">
            <tr>
              {["Newsletter", "State", "Queued", "Sent", "Failed", "Bounced", ""].map((c) => (
                <th key={c} scope="col" className="py-2 pr-3">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
            {issues.map((i) => (
              <tr key={i.id}>
                <td className={cell}>
                  {i.subject || i.key}
                  <div className="text-xs text-neutral-600 dark:text-neutral-400">
                    {formatDateTime(i.sendAt, timezone)}
                  </div>
                </td>
                <td className={cell}>{i.state}</td>
                <td className={cell}>{i.counts.queued}</td>
                <td className={cell}>{i.counts.sent}</td>
                <td className={cell}>{i.counts.failed}</td>
                <td className={cell}>{i.counts.bounced}</td>
                <td className={cell}>
                  {i.articleId ? (
                    <Link href={`/admin/subscribers/preview?article=${i.articleId}`} className="underline">
                      Preview
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm">Nothing sent yet. Tick “Send as newsletter” when publishing a story.</p>
      )}
      <div className="mt-3">
        <SendTestButton kind="briefing" />
      </div>
    </section>
  );
}

function SubscriberList({
  page,
  q,
  before,
  names,
  timezone,
}: {
  page: SubscriberPage;
  q: string;
  before: string | undefined;
  names: Map<string, string>;
  timezone: string;
}) {
  return (
    <section aria-labelledby="list-h" className="mb-8">
      <h2 id="list-h" className="mb-2 text-lg font-bold">
        All subscribers ({page.total.toLocaleString("en")}
        {q ? ` matching “${q}”` : ""})
      </h2>
      <form method="get" role="search" className="mb-3 flex gap-2">
        <label htmlFor="subscriber-search" className="sr-only">
          Search subscribers
        </label>
        <input
          id="subscriber-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search by address"
          className="rounded border border-neutral-300 px-3 py-1.5 text-sm dark:border-neutral-700 dark:bg-neutral-900"
        />
        <button type="submit" className="rounded bg-neutral-900 px-3 py-1.5 text-sm font-semibold text-white">
          Search
        </button>
      </form>
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[720px] text-left text-sm">
          <caption className="sr-only">Subscribers, newest first</caption>
          <thead className="border-b border-neutral-300 dark:border-neutral-700">
            <tr>
              {["Address", "Status", "Newsletters", "Source", "Since", ""].map((c) => (
                <th key={c} scope="col" className="py-2 pr-3">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
            {page.items.map((s) => (
              <tr key={s.id}>
                <td className={cell}>{s.email}</td>
                <td className={cell}>
                  {s.status}
                  {s.bounceCount ? ` (${s.bounceCount} bounces)` : ""}
                </td>
                <td className={cell}>{s.lists.map((l) => names.get(l) ?? l).join(", ")}</td>
                <td className={cell}>{s.source}</td>
                <td className={cell}>{formatDateTime(s.createdAt, timezone)}</td>
                <td className={cell}>
                  <DeleteSubscriberButton id={s.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Subscriber pages" className="mt-3 flex gap-4 text-sm">
        {before ? (
          <Link href={`/admin/subscribers${q ? `?q=${encodeURIComponent(q)}` : ""}`} className="underline">
            Newest
          </Link>
        ) : null}
        {page.nextBefore ? (
          <Link
            href={`/admin/subscribers?${new URLSearchParams({ ...(q ? { q } : {}), before: String(page.nextBefore) })}`}
            className="underline"
          >
            Older subscribers →
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
