"use server";

import { updateTag } from "next/cache";
import { headers } from "next/headers";
import { failure, type ActionState } from "@/lib/action-state";
import { done } from "@/lib/action-done";
import { requireSessionRole } from "@/lib/auth/guards";
import { clientIpFrom } from "@/lib/client-ip";
import { CACHE_TAGS } from "@/lib/cache/tags";
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
  type CommentOperation,
} from "@/lib/validation/moderation";
import type { CommentStatus } from "@/lib/domain";

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
export async function moderateCommentsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("editor");
  if (!auth.ok) return auth.refusal;
  const parsed = CommentOperationSchema.safeParse({
    ids: form.getAll("ids"),
    operation: form.get("operation") ?? form.get("bulkOperation"),
  });
  if (!parsed.success) {
    const errors = parsed.error.flatten().fieldErrors;
    return failure(errors.ids?.[0] ?? errors.operation?.[0] ?? "Choose an action and at least one comment.");
  }
  const { ids, operation } = parsed.data;
  const articleIds =
    operation === "delete" ? await deleteComments(ids) : await setCommentsStatus(ids, TARGET_STATUS[operation]);
  invalidateComments(articleIds);
  return done(DONE[operation](ids.length));
}

export async function emptyCommentsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("editor");
  if (!auth.ok) return auth.refusal;
  const status = form.get("status");
  if (status !== "spam" && status !== "trash") return failure("Choose spam or trash.");
  const { deleted, articleIds } = await emptyCommentStatus(status);
  invalidateComments(articleIds);
  return done(status === "spam" ? `Spam emptied (${deleted} deleted).` : `Trash emptied (${deleted} deleted).`);
}

/** A reply from the newsroom is posted as the signed-in editor and is public at once. */
export async function replyToCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("editor");
  if (!auth.ok) return auth.refusal;
  const parsed = CommentReplySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return failure("Please correct the reply.", parsed.error.flatten().fieldErrors, {
      body: String(form.get("body") ?? ""),
    });
  const parent = await getCommentForModeration(parsed.data.parentId);
  if (!parent) return failure("That comment no longer exists.");
  if (parent.status !== "approved" && parent.status !== "pending")
    return failure("Restore that comment before replying to it.");
  const requestHeaders = await headers();
  await insertStaffReply({
    parentId: parent.id,
    articleId: parent.articleId,
    userId: auth.user.id,
    name: auth.user.name,
    email: auth.user.email,
    body: parsed.data.body,
    ip: clientIpFrom(requestHeaders),
    userAgent: requestHeaders.get("user-agent") ?? "",
  });
  // Replying to a held comment approves it, as in WordPress: the thread would make no sense otherwise.
  const approved = parent.status === "pending" ? await setCommentsStatus([parent.id], "approved") : [];
  invalidateComments([parent.articleId, ...approved]);
  return done(parent.status === "pending" ? "Reply posted and comment approved." : "Reply posted.");
}

export async function editCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("editor");
  if (!auth.ok) return auth.refusal;
  const parsed = CommentEditSchema.safeParse(Object.fromEntries(form));
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  if (!parsed.success) return failure("Please correct the comment.", parsed.error.flatten().fieldErrors, values);
  const { id, ...content } = parsed.data;
  const articleId = await updateCommentContent(id, content);
  if (articleId === null) return failure("That comment no longer exists.");
  invalidateComments([articleId]);
  return done("Comment updated.");
}
