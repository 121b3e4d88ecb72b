import type { Metadata } from "next";
import { AdminPagination, AdminTable, PageTitle } from "@/components/admin/page-chrome";
import { requireRole } from "@/lib/auth/guards";
import { listAuditChoices, listAuditEntries, type AuditFilter } from "@/lib/data/audit";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime, fromZonedInputValue } from "@/lib/format/dates";
import { AUDIT_ACTION_LABELS } from "@/lib/observability/audit";
import { listHref } from "@/lib/pagination";

export const metadata: Metadata = { title: "Audit trail" };

type Props = {
  searchParams: Promise<{ person?: string; action?: string; from?: string; to?: string; page?: string }>;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60_000;

/** A yyyy-mm-dd from the form, as the start of that day in the publication's time zone. */
function dayStart(value: string | undefined, timezone: string): number | undefined {
  if (!value || !DAY.test(value)) return undefined;
  return fromZonedInputValue(`${value}T00:00`, timezone) ?? undefined;
}

const fieldClass =
  "mt-1 block rounded border border-neutral-400 bg-white px-2 py-1 text-sm dark:border-neutral-600 dark:bg-neutral-900";

export default async function AuditPage({ searchParams }: Props) {
  await requireRole("administrator", "/admin/audit");
  const params = await searchParams;
  const { timezone } = await getSettingsUncached();
  const person = Number(params.person) || undefined;
  const action = (params.action ?? "").slice(0, 100);
  const from = DAY.test(params.from ?? "") ? params.from! : "";
  const to = DAY.test(params.to ?? "") ? params.to! : "";
  const toStart = dayStart(to, timezone);
  const filter: AuditFilter = {
    actorId: person,
    action: action || undefined,
    from: dayStart(from, timezone),
    // "To" is inclusive: entries up to the end of that day.
    to: toStart === undefined ? undefined : toStart + DAY_MS,
  };
  const [list, choices] = await Promise.all([listAuditEntries(filter, Number(params.page) || 1), listAuditChoices()]);
  const href = (page: number) => listHref("/admin/audit", { person, action, from, to, page });
  const label = (a: string) => AUDIT_ACTION_LABELS[a] ?? a;

  return (
    <>
      <PageTitle>Audit trail</PageTitle>
      <p className="mb-4 max-w-2xl text-sm text-neutral-600 dark:text-neutral-400">
        Every change made in the newsroom and every sign-in, with who made it and from which address. Entries are kept
        for {process.env.AUDIT_RETENTION_DAYS || 365} days and cannot be edited.
      </p>
      <form
        method="get"
        role="search"
        aria-label="Filter the audit trail"
        className="mb-4 flex flex-wrap items-end gap-3"
      >
        <label className="text-sm font-semibold">
          Person
          <select name="person" defaultValue={person ?? ""} className={fieldClass}>
            <option value="">Anyone</option>
            {choices.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name || `User ${a.id}`}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-semibold">
          Action
          <select name="action" defaultValue={action} className={fieldClass}>
            <option value="">Any action</option>
            {choices.actions.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-semibold">
          From
          <input type="date" name="from" defaultValue={from} className={fieldClass} />
        </label>
        <label className="text-sm font-semibold">
          To
          <input type="date" name="to" defaultValue={to} className={fieldClass} />
        </label>
        <button
          type="submit"
          className="rounded bg-neutral-900 px-4 py-2 text-sm font-semibold text-white hover:bg-neutral-700 dark:bg-white dark:text-neutral-900"
        >
          Filter
        </button>
      </form>
      <p className="mb-2 text-sm text-neutral-600 dark:text-neutral-400" role="status">
        {list.total === 1 ? "1 entry" : `${list.total} entries`}
      </p>
      <AdminTable
        caption="Audit trail entries"
        columns={["When", "Who", "Action", "Target", "Address"]}
        minWidthClass="min-w-[760px]"
      >
        {list.items.map((e) => (
          <tr key={e.id} className="align-top">
            <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(e.at, timezone)}</td>
            <td className="py-2 pr-3">
              {e.actorName || <span className="text-neutral-500 dark:text-neutral-400">(not signed in)</span>}
              {e.actorEmail ? (
                <span className="block text-xs text-neutral-500 dark:text-neutral-400">{e.actorEmail}</span>
              ) : null}
            </td>
            <td className="py-2 pr-3 font-semibold">{label(e.action)}</td>
            <td className="py-2 pr-3">
              {e.summary}
              {e.targetType ? (
                <span className="block text-xs text-neutral-500 dark:text-neutral-400">
                  {e.targetType}
                  {e.targetId ? ` #${e.targetId}` : ""}
                </span>
              ) : null}
            </td>
            <td className="py-2 font-mono text-xs">{e.ip}</td>
          </tr>
        ))}
      </AdminTable>
      <AdminPagination page={list.page} totalPages={list.totalPages} href={href} />
    </>
  );
}
