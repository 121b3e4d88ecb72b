import { TimeStamp } from "@/components/article/time-stamp";
import { autolink, paragraphs } from "@/lib/comments/autolink";
import { initials } from "@/lib/format/text";
import { COMMENT_MESSAGES } from "@/lib/validation/comment";
import type { CommentNode } from "@/lib/data/comments";

function CommentText({ body }: { body: string }) {
  // Plain text only: React escapes it, blank lines become paragraphs, single newlines line breaks,
  // and http(s) URLs become links that pass no ranking credit.
  return (
    <div className="mt-2 space-y-3 leading-relaxed break-words">
      {paragraphs(body).map((lines, i) => (
        <p key={i}>
          {lines.map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {autolink(line).map((segment, k) =>
                segment.type === "link" ? (
                  <a key={k} href={segment.href} rel="nofollow ugc" className="underline">
                    {segment.text}
                  </a>
                ) : (
                  segment.text
                ),
              )}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}

/** Where "Reply" links point, and how deep threads may go; null when replies are not offered. */
export type ReplyOptions = { articlePath: string; threadDepth: number } | null;

function CommentItem({
  comment,
  timeZone,
  depth,
  reply,
}: {
  comment: CommentNode;
  timeZone: string;
  depth: number;
  reply: ReplyOptions;
}) {
  const pending = comment.status === "pending";
  return (
    // tabIndex -1: after posting, focus moves to the new comment so screen readers announce it.
    <li
      id={`comment-${comment.id}`}
      tabIndex={-1}
      className="scroll-mt-6 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
    >
      <article className="flex gap-3 py-4" aria-label={`Comment by ${comment.authorName}`}>
        <span
          aria-hidden="true"
          className="flex size-10 shrink-0 items-center justify-center rounded-full bg-neutral-200 text-sm font-bold text-neutral-700 dark:bg-neutral-800 dark:text-neutral-200"
        >
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
            {comment.byStaff ? (
              // Set only for replies posted from the newsroom while signed in; a guest's name is just text.
              <span
                title="Posted from the newsroom"
                className="mr-1 rounded bg-blue-700 px-1.5 py-0.5 text-xs font-semibold text-white dark:bg-blue-600"
              >
                Staff
              </span>
            ) : null}
            <span className="text-neutral-500 dark:text-neutral-400">
              <a href={`#comment-${comment.id}`} className="hover:underline">
                <TimeStamp ms={comment.createdAt} timeZone={timeZone} />
              </a>
            </span>
          </p>
          {pending ? (
            <p className="mt-1 text-sm font-semibold text-amber-700 dark:text-amber-400">
              {COMMENT_MESSAGES.awaitingModeration}
            </p>
          ) : null}
          <CommentText body={comment.body} />
          {reply && !pending && depth < reply.threadDepth ? (
            <p className="mt-2 text-sm">
              {/* A plain link so replying works without JavaScript; the per-visitor route renders the reply form. */}
              <a
                href={`${reply.articlePath}?replytocom=${comment.id}#respond`}
                rel="nofollow"
                aria-label={`Reply to ${comment.authorName}`}
                className="font-semibold text-blue-700 hover:underline dark:text-blue-400"
              >
                Reply
              </a>
            </p>
          ) : null}
        </div>
      </article>
      {comment.children.length > 0 ? (
        <ol className="ml-6 border-l border-neutral-200 pl-4 dark:border-neutral-800">
          {comment.children.map((child) => (
            <CommentItem key={child.id} comment={child} timeZone={timeZone} depth={depth + 1} reply={reply} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function CommentList({
  comments,
  timeZone,
  reply = null,
}: {
  comments: CommentNode[];
  timeZone: string;
  reply?: ReplyOptions;
}) {
  return (
    <ol className="divide-y divide-neutral-200 dark:divide-neutral-800">
      {comments.map((c) => (
        <CommentItem key={c.id} comment={c} timeZone={timeZone} depth={1} reply={reply} />
      ))}
    </ol>
  );
}

export function commentCountHeading(count: number, headline: string): string {
  if (count === 0) return `No responses yet to “${headline}”`;
  return count === 1 ? `One Response to “${headline}”` : `${count} Responses to “${headline}”`;
}
