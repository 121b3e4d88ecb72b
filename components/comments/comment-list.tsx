import { TimeStamp } from "@/components/article/time-stamp";
import { initials } from "@/lib/format";
import type { CommentNode } from "@/lib/data/comments";

function CommentText({ body }: { body: string }) {
  // Plain text only: React escapes it, blank lines become paragraphs, single newlines line breaks.
  return (
    <div className="mt-2 space-y-3 leading-relaxed">
      {body
        .split(/\n{2,}/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>
            {p.split("\n").map((line, j) => (
              <span key={j}>
                {j > 0 ? <br /> : null}
                {line}
              </span>
            ))}
          </p>
        ))}
    </div>
  );
}

function CommentItem({ comment, timeZone }: { comment: CommentNode; timeZone: string }) {
  return (
    <li id={`comment-${comment.id}`} className="scroll-mt-6">
      <article className="flex gap-3 py-4" aria-label={`Comment by ${comment.authorName}`}>
        <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-neutral-200 text-sm font-bold text-neutral-700 dark:bg-neutral-800 dark:text-neutral-200">
          {initials(comment.authorName)}
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-sm">
            <span className="font-bold">
              {comment.authorUrl ? (
                <a href={comment.authorUrl} rel="external nofollow ugc" className="hover:underline">
                  {comment.authorName}
                </a>
              ) : (
                comment.authorName
              )}
            </span>{" "}
            <span className="text-neutral-500">
              <a href={`#comment-${comment.id}`} className="hover:underline">
                <TimeStamp ms={comment.createdAt} timeZone={timeZone} />
              </a>
            </span>
          </p>
          <CommentText body={comment.body} />
        </div>
      </article>
      {comment.children.length > 0 ? (
        <ol className="ml-6 border-l border-neutral-200 pl-4 dark:border-neutral-800">
          {comment.children.map((child) => (
            <CommentItem key={child.id} comment={child} timeZone={timeZone} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function CommentList({ comments, timeZone }: { comments: CommentNode[]; timeZone: string }) {
  return (
    <ol className="divide-y divide-neutral-200 dark:divide-neutral-800">
      {comments.map((c) => (
        <CommentItem key={c.id} comment={c} timeZone={timeZone} />
      ))}
    </ol>
  );
}

export function commentCountHeading(count: number, headline: string): string {
  if (count === 0) return `No responses yet to “${headline}”`;
  return count === 1 ? `One Response to “${headline}”` : `${count} Responses to “${headline}”`;
}
