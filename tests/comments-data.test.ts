import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db, transaction } from "@/db";
import { articles, comments } from "@/db/schema";
import { ISTANBUL_TALKS_SLUG, seedDatabase } from "@/db/seed";
import { decideComment, depthIn } from "@/lib/comments/rules";
import {
  findCommentPlace,
  getCommentFacts,
  getCommentableArticle,
  getReplyTarget,
  hasDuplicateComment,
  insertComment,
  lastCommentTime,
  listApprovedComments,
  listOwnPendingComments,
} from "@/lib/data/comments";
import { insertStaffReply } from "@/lib/data/moderation";
import { createUser } from "@/lib/data/users";
import { defaultSettings } from "@/lib/validation/settings";
import { makeArticle, makeComment } from "./support/factories";

// Integration: the queries behind each rule, run on the migrated schema with the seed's comments
// (an approved 3-level thread, a pending and a spam comment on the Istanbul story).
let istanbulId: number;
const commentId = async (email: string) =>
  (await db.select().from(comments).where(eq(comments.authorEmail, email)))[0]!;

beforeAll(async () => {
  await seedDatabase();
  istanbulId = (await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, ISTANBUL_TALKS_SLUG)))[0]!
    .id;
});

/** What a guest posting this name and email to the Istanbul story would get, from the real facts. */
async function statusFor(email: string, body = `A new thought ${Math.random()}.`, name = "Selin Kaya") {
  const post = {
    articleId: istanbulId,
    parentId: null,
    authorName: name,
    authorEmail: email,
    authorUrl: "",
    authorIp: `198.51.100.${Math.floor(Math.random() * 250)}`,
    authorUserAgent: "Test",
    body,
    honeypotFilled: false,
  };
  const decision = decideComment(post, await getCommentFacts(post), defaultSettings(), Date.now() + 3_600_000);
  return decision.ok ? decision.status : decision.message;
}

describe("status decision against the seeded database", () => {
  it("approves a commenter whose earlier comment under the same name and email was approved", async () => {
    expect(await statusFor("selin.kaya@example.org")).toBe("approved");
  });

  it("holds a known email under another name: the email alone proves nothing (WordPress matches both)", async () => {
    expect(await statusFor("selin.kaya@example.org", undefined, "Not Selin")).toBe("pending");
  });

  it("holds a commenter whose only comments are pending or spam, and a newcomer", async () => {
    expect(await statusFor("viktor.sokolov@example.org", undefined, "Viktor Sokolov")).toBe("pending");
    expect(await statusFor("promo@example.org")).toBe("pending");
    expect(await statusFor("newcomer@example.org")).toBe("pending");
  });

  it("holds even an approved commenter when the comment carries two links", async () => {
    expect(await statusFor("selin.kaya@example.org", "see https://a.example and https://b.example")).toBe("pending");
  });

  it("holds a guest typing a staff member's name and email, even after the staff member replied in public", async () => {
    const editor = await createUser({
      email: "Desk.Editor@example.com",
      name: "Desk Editor",
      role: "editor",
      passwordHash: "x",
    });
    const selin = await commentId("selin.kaya@example.org");
    await insertStaffReply({
      parentId: selin.id,
      articleId: istanbulId,
      userId: editor.id,
      name: editor.name,
      email: editor.email,
      body: "Thank you.",
      ip: "",
      userAgent: "",
    });
    expect(await statusFor(editor.email, undefined, editor.name)).toBe("pending");
    expect(await statusFor("DESK.EDITOR@example.com", undefined, editor.name)).toBe("pending");
    // The attack the rule exists for: a guest who once got a comment approved under the editor's
    // address (before the account existed, or by a moderator's slip) is still held.
    await insertComment({
      articleId: istanbulId,
      parentId: null,
      authorName: "Desk Editor",
      authorEmail: "desk.editor@example.com",
      authorUrl: "",
      authorIp: "",
      authorUserAgent: "",
      body: "An old approved guest comment.",
      status: "approved",
    });
    expect(await statusFor(editor.email, undefined, editor.name)).toBe("pending");
    const lenient = { ...defaultSettings(), commentPreviouslyApproved: false };
    const post = {
      articleId: istanbulId,
      parentId: null,
      authorName: "Anyone",
      authorEmail: editor.email,
      authorUrl: "",
      authorIp: "198.51.100.200",
      authorUserAgent: "",
      body: `Lenient ${Math.random()}`,
      honeypotFilled: false,
    };
    expect(decideComment(post, await getCommentFacts(post), lenient, Date.now() + 3_600_000)).toMatchObject({
      ok: true,
      status: "pending",
    });
  });

  it("marks only comments posted from the newsroom as staff in what readers get", async () => {
    const article = await makeArticle();
    const guest = await insertComment({
      articleId: article.id,
      parentId: null,
      authorName: "Staff",
      authorEmail: "staff@example.org",
      authorUrl: "",
      authorIp: "",
      authorUserAgent: "",
      body: "I am staff, honest.",
      status: "approved",
    });
    const editor = await createUser({
      email: "night.desk@example.com",
      name: "Night Desk",
      role: "editor",
      passwordHash: "x",
    });
    const reply = await insertStaffReply({
      parentId: guest.id,
      articleId: article.id,
      userId: editor.id,
      name: editor.name,
      email: editor.email,
      body: "Real staff.",
      ip: "",
      userAgent: "",
    });
    const shown = await listApprovedComments(article.id);
    expect(shown.map((c) => [c.id, c.byStaff])).toEqual([
      [guest.id, false],
      [reply.id, true],
    ]);
  });
});

describe("comment queries", () => {
  it("finds the article only while readers can see it", async () => {
    expect(await getCommentableArticle(istanbulId)).toMatchObject({ slug: ISTANBUL_TALKS_SLUG, commentStatus: "open" });
    const draft = (await db.select({ id: articles.id }).from(articles).where(eq(articles.status, "draft")))[0]!;
    expect(await getCommentableArticle(draft.id)).toBeNull();
  });

  it("measures reply depth through the thread and refuses unapproved or foreign parents", async () => {
    expect(await getReplyTarget((await commentId("selin.kaya@example.org")).id, istanbulId)).toMatchObject({
      authorName: "Selin Kaya",
      depth: 1,
    });
    expect((await getReplyTarget((await commentId("amara.mensah@example.org")).id, istanbulId))?.depth).toBe(3);
    expect(await getReplyTarget((await commentId("viktor.sokolov@example.org")).id, istanbulId)).toBeNull();
    expect(await getReplyTarget((await commentId("promo@example.org")).id, istanbulId)).toBeNull();
    expect(await getReplyTarget((await commentId("otieno.wafula@example.org")).id, istanbulId)).toBeNull();
  });

  it("counts depth as readers see it: a reply under a hidden comment starts a new thread", async () => {
    const insert = async (values: Partial<typeof comments.$inferInsert>) =>
      (
        await transaction((tx) =>
          tx
            .insert(comments)
            .values({
              articleId: istanbulId,
              authorName: "D",
              authorEmail: "d@example.org",
              body: "x",
              status: "approved",
              ...values,
            })
            .returning(),
        )
      )[0];
    const top = await insert({});
    const hidden = await insert({ parentId: top.id, status: "trash" });
    const orphan = await insert({ parentId: hidden.id });
    const under = await insert({ parentId: orphan.id });
    expect((await getReplyTarget(orphan.id, istanbulId))?.depth).toBe(1);
    expect((await getReplyTarget(under.id, istanbulId))?.depth).toBe(2);
    const shown = await db
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(eq(comments.status, "approved"));
    expect(depthIn(shown, under.id)).toBe(2);
  });

  it("detects a duplicate by name or email with the same text on the same article, ignoring trash", async () => {
    const selin = await commentId("selin.kaya@example.org");
    const base = {
      articleId: istanbulId,
      authorName: "Selin Kaya",
      authorEmail: "selin.kaya@example.org",
      body: selin.body,
    };
    expect(await hasDuplicateComment(base)).toBe(true);
    expect(await hasDuplicateComment({ ...base, authorName: "Someone else" })).toBe(true);
    expect(await hasDuplicateComment({ ...base, authorEmail: "other@example.org" })).toBe(true);
    expect(await hasDuplicateComment({ ...base, authorName: "X", authorEmail: "x@example.org" })).toBe(false);
    expect(await hasDuplicateComment({ ...base, body: `${selin.body} Edited.` })).toBe(false);
    expect(await hasDuplicateComment({ ...base, articleId: (await makeArticle()).id })).toBe(false);

    const trashed = await insertComment({
      ...base,
      parentId: null,
      authorUrl: "",
      authorIp: "",
      authorUserAgent: "",
      body: "Gone",
      status: "spam",
    });
    await transaction((tx) => tx.update(comments).set({ status: "trash" }).where(eq(comments.id, trashed.id)));
    expect(await hasDuplicateComment({ ...base, body: "Gone" })).toBe(false);
  });

  it("reports the latest comment time by IP or by email", async () => {
    const article = await makeArticle();
    const at = Date.now() - 5_000;
    await insertComment({
      articleId: article.id,
      parentId: null,
      authorName: "F",
      authorEmail: "flood@example.org",
      authorUrl: "",
      authorIp: "203.0.113.50",
      authorUserAgent: "",
      body: "x",
      status: "pending",
      createdAt: at,
    });
    expect(await lastCommentTime("203.0.113.50", "else@example.org")).toBe(at);
    expect(await lastCommentTime("203.0.113.99", "flood@example.org")).toBe(at);
    expect(await lastCommentTime("203.0.113.99", "nobody@example.org")).toBeNull();
  });

  it("lists only the visitor's own pending comments on this article", async () => {
    const article = await makeArticle();
    const row = async (status: "pending" | "approved" | "spam", articleId = article.id) =>
      (
        await insertComment({
          articleId,
          parentId: null,
          authorName: "P",
          authorEmail: "p@example.org",
          authorUrl: "",
          authorIp: "",
          authorUserAgent: "",
          body: status,
          status,
        })
      ).id;
    const mine = await row("pending");
    const approved = await row("approved");
    const spam = await row("spam");
    const elsewhere = await row("pending", (await makeArticle()).id);
    const someoneElses = await row("pending");
    const list = await listOwnPendingComments(article.id, [mine, approved, spam, elsewhere]);
    expect(list.map((c) => c.id)).toEqual([mine]);
    expect(list[0]).not.toHaveProperty("authorEmail");
    expect(list.map((c) => c.id)).not.toContain(someoneElses);
    expect(await listOwnPendingComments(article.id, [])).toEqual([]);
  });
});

describe("a new comment's place among the threads its poster sees", () => {
  it("counts the threads before its thread, however deep the reply, and the threads in all", async () => {
    const article = await makeArticle();
    const base = Date.now() - 86_400_000;
    const at = (n: number, values: Partial<typeof comments.$inferInsert> = {}) =>
      makeComment({ articleId: article.id, createdAt: base + n * 1_000, ...values });
    const threads = [];
    for (let i = 0; i < 60; i++) threads.push(await at(i));
    const reply = await at(100, { parentId: threads[1].id });
    const deeper = await at(101, { parentId: reply.id });
    // Held, and someone else's: its approved reply starts a thread of its own for everyone but its author.
    const held = await at(5.5, { status: "pending" });
    const underHeld = await at(102, { parentId: held.id });
    // Another poster's held comments and the story's spam are no threads of anyone's.
    await at(103, { status: "pending" });
    await at(104, { status: "spam" });

    expect(await findCommentPlace(article.id, [], deeper.id)).toEqual({ threadsBefore: 1, threads: 61 });
    expect(await findCommentPlace(article.id, [], threads[59].id)).toEqual({ threadsBefore: 59, threads: 61 });
    expect(await findCommentPlace(article.id, [], underHeld.id)).toEqual({ threadsBefore: 60, threads: 61 });
    // Its author sees the held comment: a thread after the sixth, and the reply is in it.
    expect(await findCommentPlace(article.id, [held.id], underHeld.id)).toEqual({ threadsBefore: 6, threads: 61 });
    expect(await findCommentPlace(article.id, [held.id], held.id)).toEqual({ threadsBefore: 6, threads: 61 });
    // A held id of another story, or a comment the poster cannot see, changes nothing.
    const elsewhere = await makeComment({ articleId: (await makeArticle()).id, status: "pending" });
    expect(await findCommentPlace(article.id, [elsewhere.id], deeper.id)).toEqual({ threadsBefore: 1, threads: 61 });
    expect(await findCommentPlace(article.id, [], held.id)).toEqual({ threadsBefore: 0, threads: 0 });
  });

  it("ends on a cycle of parents in imported data", async () => {
    const article = await makeArticle();
    const first = await makeComment({ articleId: article.id });
    const second = await makeComment({ articleId: article.id, parentId: first.id });
    await transaction((tx) => tx.update(comments).set({ parentId: second.id }).where(eq(comments.id, first.id)));
    expect(await findCommentPlace(article.id, [], second.id)).toEqual({ threadsBefore: 0, threads: 0 });
  });
});

describe("storing comments that arrive together", () => {
  it("gives each poster their own comment's id, and a comment that cannot be stored fails alone", async () => {
    const article = await makeArticle();
    const post = (body: string, articleId = article.id) =>
      insertComment({
        articleId,
        parentId: null,
        authorName: "Crowd",
        authorEmail: "crowd@example.org",
        authorUrl: "",
        authorIp: "",
        authorUserAgent: "",
        body,
        status: "pending",
      });
    // All at once, as a busy story's readers post: they are written in batches; one names a story that
    // does not exist, which its batch's transaction refuses.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => (i === 30 ? post("orphan", 2_000_000_000) : post(`crowd ${i}`))),
    );
    expect(outcomes[30].status).toBe("rejected");
    const stored = await db.select().from(comments).where(eq(comments.articleId, article.id));
    expect(stored).toHaveLength(59);
    const bodyOf = new Map(stored.map((c) => [c.id, c.body]));
    outcomes.forEach((outcome, i) => {
      if (i !== 30) expect(bodyOf.get((outcome as PromiseFulfilledResult<{ id: number }>).value.id)).toBe(`crowd ${i}`);
    });
  });
});
