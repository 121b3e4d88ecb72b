import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db, transaction } from "@/db";
import { articles, comments } from "@/db/schema";
import { ISTANBUL_TALKS_SLUG, seedDatabase } from "@/db/seed";
import { decideCommentStatus, depthIn } from "@/lib/comments/rules";
import {
  getCommentableArticle,
  getReplyTarget,
  hasApprovedCommentByEmail,
  hasDuplicateComment,
  insertComment,
  lastCommentTime,
  listOwnPendingComments,
} from "@/lib/data/comments";
import { defaultSettings } from "@/lib/validation/settings";
import { makeArticle } from "./support/factories";

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

async function statusFor(email: string, body = "A new thought.") {
  return decideCommentStatus(
    {
      authorName: "Someone",
      authorEmail: email,
      authorUrl: "",
      authorIp: "198.51.100.9",
      authorUserAgent: "Test",
      body,
      honeypotFilled: false,
      hasApprovedComment: await hasApprovedCommentByEmail(email),
    },
    defaultSettings(),
  ).status;
}

describe("status decision against the seeded database", () => {
  it("approves a commenter whose earlier comment was approved", async () => {
    expect(await statusFor("selin.kaya@example.org")).toBe("approved");
  });

  it("holds a commenter whose only comments are pending or spam, and a newcomer", async () => {
    expect(await statusFor("viktor.sokolov@example.org")).toBe("pending");
    expect(await statusFor("promo@example.org")).toBe("pending");
    expect(await statusFor("newcomer@example.org")).toBe("pending");
  });

  it("holds even an approved commenter when the comment carries two links", async () => {
    expect(await statusFor("selin.kaya@example.org", "see https://a.example and https://b.example")).toBe("pending");
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
