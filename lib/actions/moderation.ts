"use server";

import { refresh, updateTag } from "next/cache";
import { headers } from "next/headers";
import type { CommentStatus } from "@/lib/domain";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { clientIpFrom } from "@/lib/edge/client-ip";
import {
  deleteComments,
  emptyCommentStatus,
  getCommentForModeration,
  insertStaffReply,
  setCommentsStatus,
  updateCommentContent,
} from "@/lib/data/moderation";
import {
  CommentEditSchema,
  CommentOperationSchema,
  CommentReplySchema,
  EmptyCommentsSchema,
  type CommentOperation,
} from "@/lib/validation/moderation";
import { failure, fieldErrors, keptValues, ok } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// Every moderation action refreshes the queue that posted it: its rows, counts and tabs change, and
// an article's comment tag covers only what readers see.

function invalidateComments(articleIds: number[]): void {
  for (const id of articleIds) updateTag(CACHE_TAGS.comments(id));
}

const TARGET_STATUS: Record<Exclude<CommentOperation, "delete">, CommentStatus> = {
  approve: "approved",
  unapprove: "pending",
  spam: "spam",
  trash: "trash",
  restore: "pending",
};

const DONE: Record<CommentOperation, (n: number) => string> = {
  approve: (n) => (n === 1 ? "Comment approved." : `${n} comments approved.`),
  unapprove: (n) => (n === 1 ? "Comment unapproved." : `${n} comments unapproved.`),
  spam: (n) => (n === 1 ? "Comment marked as spam." : `${n} comments marked as spam.`),
  trash: (n) => (n === 1 ? "Comment moved to the trash." : `${n} comments moved to the trash.`),
  restore: (n) => (n === 1 ? "Comment restored." : `${n} comments restored.`),
  delete: (n) => (n === 1 ? "Comment deleted permanently." : `${n} comments deleted permanently.`),
};

/** One action for the row buttons and for bulk actions on checked rows: `ids` may repeat. */
export const moderateCommentsAction = withRole(
  "editor",
  CommentOperationSchema,
  async ({ ids, operation }) => {
    const articleIds =
      operation === "delete" ? await deleteComments(ids) : await setCommentsStatus(ids, TARGET_STATUS[operation]);
    invalidateComments(articleIds);
    await recordAudit({
      action: "comments.moderate",
      target: { type: "comment", id: [...new Set(ids)].slice(0, 20).join(",") },
      summary: DONE[operation](new Set(ids).size),
    });
    refresh();
    return ok(DONE[operation](ids.length));
  },
  {
    read: (form) => ({ ids: form.getAll("ids"), operation: form.get("operation") ?? form.get("bulkOperation") }),
    invalid: (error) => {
      const errors = fieldErrors(error);
      return failure(errors.ids?.[0] ?? errors.operation?.[0] ?? "Choose an action and at least one comment.");
    },
  },
);

export const emptyCommentsAction = withRole(
  "editor",
  EmptyCommentsSchema,
  async ({ status }) => {
    const { deleted, articleIds } = await emptyCommentStatus(status);
    invalidateComments(articleIds);
    await recordAudit({
      action: "comments.empty",
      target: { type: "comment" },
      summary: `${status}: ${deleted} deleted`,
    });
    refresh();
    return ok(status === "spam" ? `Spam emptied (${deleted} deleted).` : `Trash emptied (${deleted} deleted).`);
  },
  { invalid: "Choose spam or trash." },
);

/** A reply from the newsroom is posted as the signed-in editor and is public at once. */
export const replyToCommentAction = withRole(
  "editor",
  CommentReplySchema,
  async ({ parentId, body }, user) => {
    const parent = await getCommentForModeration(parentId);
    if (!parent) return failure("That comment no longer exists.");
    if (parent.status !== "approved" && parent.status !== "pending")
      return failure("Restore that comment before replying to it.");
    const requestHeaders = await headers();
    await insertStaffReply({
      parentId: parent.id,
      articleId: parent.articleId,
      userId: user.id,
      name: user.name,
      email: user.email,
      body,
      ip: clientIpFrom(requestHeaders),
      userAgent: requestHeaders.get("user-agent") ?? "",
    });
    // Replying to a held comment approves it, as in WordPress: the thread would make no sense otherwise.
    const approved = parent.status === "pending" ? await setCommentsStatus([parent.id], "approved") : [];
    invalidateComments([parent.articleId, ...approved]);
    await recordAudit({ action: "comment.reply", target: { type: "comment", id: parent.id } });
    refresh();
    return ok(parent.status === "pending" ? "Reply posted and comment approved." : "Reply posted.");
  },
  { invalid: (error, form) => failure("Please correct the reply.", fieldErrors(error), keptValues(form)) },
);

export const editCommentAction = withRole(
  "editor",
  CommentEditSchema,
  async ({ id, ...content }) => {
    const articleId = await updateCommentContent(id, content);
    if (articleId === null) return failure("That comment no longer exists.");
    await recordAudit({ action: "comment.edit", target: { type: "comment", id } });
    invalidateComments([articleId]);
    refresh();
    return ok("Comment updated.");
  },
  { invalid: (error, form) => failure("Please correct the comment.", fieldErrors(error), keptValues(form)) },
);
