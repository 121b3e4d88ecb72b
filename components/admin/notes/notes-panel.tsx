import Link from "next/link";
import { renderMarkdown } from "@/lib/articles/markdown";
import type { ArticleNote, Mention } from "@/lib/data/notes";
import { formatDateTime } from "@/lib/format/dates";
import { NoteForm } from "./note-form";

/** The story's internal thread, oldest first, with the form to add to it. */
export function NotesPanel({
  articleId,
  notes,
  timezone,
}: {
  articleId: number;
  notes: ArticleNote[];
  timezone: string;
}) {
  return (
    <section aria-labelledby="notes-title" className="mt-10">
      <h2 id="notes-title" className="mb-3 text-xl font-bold">
        Editorial notes
      </h2>
      {notes.length ? (
        <ol
          className="mb-4 divide-y divide-neutral-200 text-sm dark:divide-neutral-800"
          aria-label="Notes, oldest first"
        >
          {notes.map((n) => (
            <li key={n.id} className="py-2">
              <p className="text-neutral-600 dark:text-neutral-400">
                <strong className="text-neutral-900 dark:text-neutral-100">{n.userName ?? "Former staff"}</strong> ·{" "}
                {formatDateTime(n.createdAt, timezone)}
              </p>
              <div className="prose-sm mt-1" dangerouslySetInnerHTML={{ __html: renderMarkdown(n.body) }} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="mb-4 text-sm text-neutral-600 dark:text-neutral-400">No notes yet.</p>
      )}
      <NoteForm articleId={articleId} />
    </section>
  );
}

/** The dashboard's "For you": notes that mention the user, until they open the story. */
export function ForYouList({ mentions, timezone }: { mentions: Mention[]; timezone: string }) {
  if (mentions.length === 0) return null;
  return (
    <section aria-labelledby="for-you" className="mb-8">
      <h2 id="for-you" className="mb-3 text-xl font-bold">
        For you
      </h2>
      <ul className="divide-y divide-neutral-200 dark:divide-neutral-800">
        {mentions.map((m) => (
          <li key={m.noteId} className="py-2 text-sm">
            <Link href={`/admin/articles/${m.articleId}#notes-title`} className="font-semibold hover:underline">
              {m.headline}
            </Link>{" "}
            <span className="text-neutral-600 dark:text-neutral-400">
              · {m.by ?? "A colleague"}, {formatDateTime(m.at, timezone)}
            </span>
            <p className="mt-1 line-clamp-3 whitespace-pre-line">{m.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
