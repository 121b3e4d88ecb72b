import { diffWords } from "diff";

/**
 * A word-level difference between two texts: removed words struck through in red, added ones
 * underlined in green (with the words "removed"/"added" for screen readers, as colour alone says nothing).
 */
export function WordDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffWords(before, after);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <div
      role="region"
      aria-label={label}
      className="max-h-[32rem] overflow-y-auto rounded border border-neutral-200 p-3 font-mono text-sm whitespace-pre-wrap dark:border-neutral-800"
    >
      {!changed ? <p className="text-neutral-600 dark:text-neutral-400">No differences.</p> : null}
      {changed
        ? parts.map((p, i) =>
            p.added ? (
              <ins key={i} className="bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
                <span className="sr-only">[added: </span>
                {p.value}
                <span className="sr-only">]</span>
              </ins>
            ) : p.removed ? (
              <del key={i} className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">
                <span className="sr-only">[removed: </span>
                {p.value}
                <span className="sr-only">]</span>
              </del>
            ) : (
              <span key={i}>{p.value}</span>
            ),
          )
        : null}
    </div>
  );
}
