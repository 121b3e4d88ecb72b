import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { comments } from "@/db/schema";
import { idleState } from "@/lib/actions/state";
import { createUser } from "@/lib/data/users";
import { countCommentsByStatus } from "@/lib/data/moderation";
import { makeArticle, makeComment } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-newsroom-client-ip": "203.0.113.1", "user-agent": "vitest" }),
}));

const { moderateCommentsAction, replyToCommentAction, emptyCommentsAction } = await import("@/lib/actions/moderation");

function form(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

const editorRow = await createUser({ email: "mod@example.com", name: "Moderator", role: "editor", passwordHash: "x" });
const editor = { id: editorRow.id, email: editorRow.email, name: editorRow.name, role: editorRow.role };
const status = async (id: number) =>
  (await db.select({ s: comments.status }).from(comments).where(eq(comments.id, id)))[0]?.s;

describe("moderation", () => {
  it("bulk approve changes every checked comment and invalidates each article's comments once", async () => {
    signInAs(editor);
    const [a, b] = [await makeArticle(), await makeArticle()];
    const c1 = await makeComment({ articleId: a.id, status: "pending" });
    const c2 = await makeComment({ articleId: a.id, status: "pending" });
    const c3 = await makeComment({ articleId: b.id, status: "spam" });
    const result = await moderateCommentsAction(
      idleState,
      form({ ids: [String(c1.id), String(c2.id), String(c3.id)], bulkOperation: "approve" }),
    );
    expect(result).toMatchObject({ status: "ok", message: "3 comments approved." });
    expect([await status(c1.id), await status(c2.id), await status(c3.id)]).toEqual([
      "approved",
      "approved",
      "approved",
    ]);
    expect([...invalidated].sort()).toEqual([`comments:${a.id}`, `comments:${b.id}`].sort());
  });

  it("deletes permanently only what is already in spam or trash", async () => {
    signInAs(editor);
    const a = await makeArticle();
    const live = await makeComment({ articleId: a.id, status: "approved" });
    const spam = await makeComment({ articleId: a.id, status: "spam" });
    await moderateCommentsAction(idleState, form({ ids: [String(live.id), String(spam.id)], operation: "delete" }));
    expect(await status(live.id)).toBe("approved");
    expect(await status(spam.id)).toBeUndefined();
  });

  it("a reply is approved, attributed to the editor, and approves the held comment it answers", async () => {
    signInAs(editor);
    const a = await makeArticle();
    const held = await makeComment({ articleId: a.id, status: "pending" });
    const result = await replyToCommentAction(
      idleState,
      form({ parentId: String(held.id), body: "Thanks, corrected." }),
    );
    expect(result.message).toBe("Reply posted and comment approved.");
    const reply = (await db.select().from(comments).where(eq(comments.parentId, held.id)))[0]!;
    expect(reply).toMatchObject({
      status: "approved",
      userId: editor.id,
      authorName: "Moderator",
      authorEmail: "mod@example.com",
      articleId: a.id,
    });
    expect(await status(held.id)).toBe("approved");
    expect(invalidated).toContain(`comments:${a.id}`);
  });

  it("a reply to a comment in spam or trash is refused", async () => {
    signInAs(editor);
    const a = await makeArticle();
    for (const bin of ["spam", "trash"] as const) {
      const parent = await makeComment({ articleId: a.id, status: bin });
      const result = await replyToCommentAction(idleState, form({ parentId: String(parent.id), body: "Hello?" }));
      expect(result).toMatchObject({ status: "error", message: "Restore that comment before replying to it." });
      expect(await db.select().from(comments).where(eq(comments.parentId, parent.id))).toEqual([]);
    }
  });

  it("empty spam removes all spam and nothing else; counts follow", async () => {
    signInAs(editor);
    const a = await makeArticle();
    await makeComment({ articleId: a.id, status: "spam" });
    const trash = await makeComment({ articleId: a.id, status: "trash" });
    await emptyCommentsAction(idleState, form({ status: "spam" }));
    expect(await countCommentsByStatus(a.id)).toMatchObject({ spam: 0, trash: 1 });
    expect(await status(trash.id)).toBe("trash");
  });

  it("replies outlive a deleted comment: they move up to its nearest surviving ancestor", async () => {
    signInAs(editor);
    const a = await makeArticle();
    const top = await makeComment({ articleId: a.id, status: "approved" });
    const trashed = await makeComment({ articleId: a.id, status: "trash", parentId: top.id });
    const reply = await makeComment({ articleId: a.id, status: "approved", parentId: trashed.id });
    await moderateCommentsAction(idleState, form({ ids: [String(trashed.id)], operation: "delete" }));
    expect(await status(trashed.id)).toBeUndefined();
    expect((await db.select().from(comments).where(eq(comments.id, reply.id)))[0]).toMatchObject({
      status: "approved",
      parentId: top.id,
    });

    const spamTop = await makeComment({ articleId: a.id, status: "spam" });
    const spamReply = await makeComment({ articleId: a.id, status: "spam", parentId: spamTop.id });
    const answer = await makeComment({ articleId: a.id, status: "approved", parentId: spamReply.id });
    const result = await emptyCommentsAction(idleState, form({ status: "spam" }));
    expect(result.message).toBe("Spam emptied (2 deleted).");
    expect((await db.select().from(comments).where(eq(comments.id, answer.id)))[0]).toMatchObject({
      status: "approved",
      parentId: null,
    });
  });
});
