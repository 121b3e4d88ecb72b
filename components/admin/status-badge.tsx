import { ARTICLE_STATUS_LABELS, type ArticleStatus } from "@/lib/domain";

const styles: Record<string, string> = {
  published: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  approved: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  scheduled: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  draft: "bg-neutral-200 text-neutral-800 dark:bg-neutral-700 dark:text-neutral-100",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  spam: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  trash: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

const labels: Record<string, string> = {
  draft: "Draft",
  published: "Published",
  scheduled: "Scheduled",
  pending: "Pending",
  approved: "Approved",
  spam: "Spam",
  trash: "Trash",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-block shrink-0 rounded px-2 py-0.5 text-xs font-semibold ${styles[status] ?? ""}`}>
      {label ?? labels[status] ?? status}
    </span>
  );
}

/** A story's status in the newsroom's words ("Pending review", where a comment is just "Pending"). */
export function ArticleStatusBadge({ status }: { status: string }) {
  return <StatusBadge status={status} label={ARTICLE_STATUS_LABELS[status as ArticleStatus]} />;
}
