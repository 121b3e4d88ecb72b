import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
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
const commentId = (email: string) => db.select().from(comments).where(eq(comments.authorEmail, email)).get()!;

beforeAll(() => {
  seedDatabase(db);
  istanbulId = db.select({ id: articles.id }).from(articles).where(eq(articles.slug, ISTANBUL_TALKS_SLUG)).get()!.id;
});

function statusFor(email: string, body = "A new thought.") {
  return decideCommentStatus(
    {
      authorName: "Someone",
      authorEmail: email,
      authorUrl: "",
      authorIp: "198.51.100.9",
      authorUserAgent: "Test",
      body,
      honeypotFilled: false,
      hasApprovedComment: hasApprovedCommentByEmail(email),
    },
    defaultSettings(),
  ).status;
}

describe("status decision against the seeded database", () => {
  it("approves a commenter whose earlier comment was approved", () => {
    expect(statusFor("selin.kaya@example.org")).toBe("approved");
  });

  it("holds a commenter whose only comments are pending or spam, and a newcomer", () => {
    expect(statusFor("viktor.sokolov@example.org")).toBe("pending");
    expect(statusFor("promo@example.org")).toBe("pending");
    expect(statusFor("newcomer@example.org")).toBe("pending");
  });

  it("holds even an approved commenter when the comment carries two links", () => {
    expect(statusFor("selin.kaya@example.org", "see https://a.example and https://b.example")).toBe("pending");
  });
});

describe("comment queries", () => {
  it("finds the article only while readers can see it", () => {
    expect(getCommentableArticle(istanbulId)).toMatchObject({ slug: ISTANBUL_TALKS_SLUG, commentStatus: "open" });
    const draft = db.select({ id: articles.id }).from(articles).where(eq(articles.status, "draft")).get()!;
    expect(getCommentableArticle(draft.id)).toBeNull();
  });

  it("measures reply depth through the thread and refuses unapproved or foreign parents", () => {
    expect(getReplyTarget(commentId("selin.kaya@example.org").id, istanbulId)).toMatchObject({
      authorName: "Selin Kaya",
      depth: 1,
    });
    expect(getReplyTarget(commentId("amara.mensah@example.org").id, istanbulId)?.depth).toBe(3);
    expect(getReplyTarget(commentId("viktor.sokolov@example.org").id, istanbulId)).toBeNull();
    expect(getReplyTarget(commentId("promo@example.org").id, istanbulId)).toBeNull();
    expect(getReplyTarget(commentId("otieno.wafula@example.org").id, istanbulId)).toBeNull();
  });

  it("counts depth as readers see it: a reply under a hidden comment starts a new thread", () => {
    const insert = (values: Partial<typeof comments.$inferInsert>) =>
      db
        .insert(comments)
        .values({
          articleId: istanbulId,
          authorName: "D",
          authorEmail: "d@example.org",
          body: "x",
          status: "approved",
          ...values,
        })
        .returning()
        .get();
    const top = insert({});
    const hidden = insert({ parentId: top.id, status: "trash" });
    const orphan = insert({ parentId: hidden.id });
    const under = insert({ parentId: orphan.id });
    expect(getReplyTarget(orphan.id, istanbulId)?.depth).toBe(1);
    expect(getReplyTarget(under.id, istanbulId)?.depth).toBe(2);
    const shown = db
      .select({ id: comments.id, parentId: comments.parentId })
      .from(comments)
      .where(eq(comments.status, "approved"))
      .all();
    expect(depthIn(shown, under.id)).toBe(2);
  });

  it("detects a duplicate by name or email with the same text on the same article, ignoring trash", () => {
    const selin = commentId("selin.kaya@example.org");
    const base = {
      articleId: istanbulId,
      authorName: "Selin Kaya",
      authorEmail: "selin.kaya@example.org",
      body: selin.body,
    };
    expect(hasDuplicateComment(base)).toBe(true);
    expect(hasDuplicateComment({ ...base, authorName: "Someone else" })).toBe(true);
    expect(hasDuplicateComment({ ...base, authorEmail: "other@example.org" })).toBe(true);
    expect(hasDuplicateComment({ ...base, authorName: "X", authorEmail: "x@example.org" })).toBe(false);
    expect(hasDuplicateComment({ ...base, body: `${selin.body} Edited.` })).toBe(false);
    expect(hasDuplicateComment({ ...base, articleId: makeArticle().id })).toBe(false);

    const trashed = insertComment({
      ...base,
      parentId: null,
      authorUrl: "",
      authorIp: "",
      authorUserAgent: "",
      body: "Gone",
      status: "spam",
    });
    db.update(comments).set({ status: "trash" }).where(eq(comments.id, trashed.id)).run();
    expect(hasDuplicateComment({ ...base, body: "Gone" })).toBe(false);
  });

  it("reports the latest comment time by IP or by email", () => {
    const article = makeArticle();
    const at = Date.now() - 5_000;
    insertComment({
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
    expect(lastCommentTime("203.0.113.50", "else@example.org")).toBe(at);
    expect(lastCommentTime("203.0.113.99", "flood@example.org")).toBe(at);
    expect(lastCommentTime("203.0.113.99", "nobody@example.org")).toBeNull();
  });

  it("lists only the visitor's own pending comments on this article", () => {
    const article = makeArticle();
    const row = (status: "pending" | "approved" | "spam", articleId = article.id) =>
      insertComment({
        articleId,
        parentId: null,
        authorName: "P",
        authorEmail: "p@example.org",
        authorUrl: "",
        authorIp: "",
        authorUserAgent: "",
        body: status,
        status,
      }).id;
    const mine = row("pending");
    const approved = row("approved");
    const spam = row("spam");
    const elsewhere = row("pending", makeArticle().id);
    const someoneElses = row("pending");
    const list = listOwnPendingComments(article.id, [mine, approved, spam, elsewhere]);
    expect(list.map((c) => c.id)).toEqual([mine]);
    expect(list[0]).not.toHaveProperty("authorEmail");
    expect(list.map((c) => c.id)).not.toContain(someoneElses);
    expect(listOwnPendingComments(article.id, [])).toEqual([]);
  });
});
