import { TimeStamp } from "@/components/article/time-stamp";
import { autolink, paragraphs } from "@/lib/comments/autolink";
import { initials } from "@/lib/format/text";
import { COMMENT_MESSAGES } from "@/lib/validation/comment";
import type { CommentNode } from "@/lib/data/comments";

function CommentText({ body }: { body: string }) {
  // Plain text only: React escapes it, blank lines become paragraphs, single newlines line breaks,
  // and http(s) URLs become links that pass no ranking credit.
  return (
    <div className="text">
      {paragraphs(body).map((lines, i) => (
        <p key={i}>
          {lines.map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {autolink(line).map((segment, k) =>
                segment.type === "link" ? (
                  <a key={k} href={segment.href} rel="nofollow ugc">
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

/** The comment page "Reply" links return to, and how deep threads may go; null when replies are not offered. */
export type ReplyOptions = { pagePath: string; threadDepth: number } | null;

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
  // Styled by structure in app/globals.css (.comments): this markup repeats on every comment.
  return (
    // tabIndex -1: after posting, focus moves to the new comment so screen readers announce it.
    <li id={`comment-${comment.id}`} tabIndex={-1}>
      <article aria-label={`Comment by ${comment.authorName}`}>
        <span aria-hidden="true" className="avatar">
          {initials(comment.authorName)}
        </span>
        <div>
          <header>
            <span className="author">
              {comment.authorUrl ? (
                <a href={comment.authorUrl} rel="external nofollow ugc">
                  {comment.authorName}
                </a>
              ) : (
                comment.authorName
              )}
            </span>
            {comment.byStaff ? (
              // Set only for replies posted from the newsroom while signed in; a guest's name is just text.
              <span title="Posted from the newsroom" className="staff">
                Staff
              </span>
            ) : null}
            <a href={`#comment-${comment.id}`}>
              <TimeStamp ms={comment.createdAt} timeZone={timeZone} />
            </a>
          </header>
          {pending ? <p className="held">{COMMENT_MESSAGES.awaitingModeration}</p> : null}
          <CommentText body={comment.body} />
          {reply && !pending && depth < reply.threadDepth ? (
            // A plain link so replying works without JavaScript; the per-visitor route renders the reply form.
            <a
              href={`${reply.pagePath}?replytocom=${comment.id}#respond`}
              rel="nofollow"
              aria-label={`Reply to ${comment.authorName}`}
              className="reply"
            >
              Reply
            </a>
          ) : null}
        </div>
      </article>
      {comment.children.length > 0 ? (
        <ol>
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
    <ol className="comments">
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
