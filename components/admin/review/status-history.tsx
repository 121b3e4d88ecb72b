import Link from "next/link";
import { ARTICLE_STATUS_LABELS } from "@/lib/domain";
import type { SentBackStory, StatusChange } from "@/lib/data/status-history";
import { formatDateTime } from "@/lib/format/dates";

/** The editor's note on a story sent back to its writer, shown above the story until it moves on. */
export function SentBackNotice({ change, timezone }: { change: StatusChange; timezone: string }) {
  return (
    <section
      aria-labelledby="sent-back-title"
      className="mb-6 rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 id="sent-back-title" className="font-bold">
        Sent back{change.userName ? ` by ${change.userName}` : ""} · {formatDateTime(change.createdAt, timezone)}
      </h2>
      <p className="mt-1 whitespace-pre-line">{change.note}</p>
      <p className="mt-2 text-xs">Make the changes, then submit it for review again.</p>
    </section>
  );
}

/** Each change of the story's status: who, when, from what, to what (and a send-back's note). */
export function StatusHistory({ changes, timezone }: { changes: StatusChange[]; timezone: string }) {
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="status-history-title" className="mt-10">
      <h2 id="status-history-title" className="mb-3 text-xl font-bold">
        Status history
      </h2>
      <ol className="divide-y divide-neutral-200 text-sm dark:divide-neutral-800">
        {changes.map((c) => (
          <li key={c.id} className="py-2">
            <span className="font-semibold">
              {c.from
                ? `${ARTICLE_STATUS_LABELS[c.from]} → ${ARTICLE_STATUS_LABELS[c.to]}`
                : `Created as ${ARTICLE_STATUS_LABELS[c.to]}`}
            </span>{" "}
            <span className="text-neutral-600 dark:text-neutral-400">
              by {c.userName ?? "someone no longer on staff"} · {formatDateTime(c.createdAt, timezone)}
            </span>
            {c.note ? <p className="mt-1 whitespace-pre-line">{c.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The dashboard's list of the writer's stories an editor sent back, with each note. */
export function SentBackList({ stories, timezone }: { stories: SentBackStory[]; timezone: string }) {
  if (stories.length === 0) return null;
  return (
    <section aria-labelledby="sent-back-list" className="mb-8">
      <h2 id="sent-back-list" className="mb-3 text-xl font-bold">
        Sent back to you
      </h2>
      <ul className="divide-y divide-neutral-200 dark:divide-neutral-800">
        {stories.map((s) => (
          <li key={s.id} className="py-2 text-sm">
            <Link href={`/admin/articles/${s.id}`} className="font-semibold hover:underline">
              {s.headline}
            </Link>{" "}
            <span className="text-neutral-600 dark:text-neutral-400">
              · {s.by ?? "An editor"}, {formatDateTime(s.at, timezone)}
            </span>
            <p className="mt-1 whitespace-pre-line">{s.note}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
