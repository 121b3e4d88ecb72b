import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { comments } from "@/db/schema";
import { PENDING_COOKIE, REMEMBER_COOKIE, decodeRemembered, verifyPendingIds } from "@/lib/comments/cookies";
import { saveSettings, getSettingsUncached } from "@/lib/data/settings";
import { COMMENT_MESSAGES, HONEYPOT_FIELD } from "@/lib/validation/comment";
import { invalidated } from "./support/next-cache";
import { makeArticle, makeComment } from "./support/factories";

// The action runs outside a request here, so the two request APIs it uses are replaced by a
// minimal cookie jar and header bag, and redirect() throws (as Next's does) with its target.
const request = vi.hoisted(() => ({
  headers: new Headers(),
  cookies: new Map<string, { value: string; maxAge?: number; httpOnly?: boolean; sameSite?: string; path?: string }>(),
}));
vi.mock("next/headers", () => ({
  // The Cookie header a browser sends with the jar it holds.
  headers: async () => {
    const sent = new Headers(request.headers);
    const jar = [...request.cookies].map(([name, { value }]) => `${name}=${value}`).join("; ");
    if (jar) sent.set("cookie", jar);
    return sent;
  },
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)!.value } : undefined),
    set: (
      name: string,
      value: string,
      options: { maxAge?: number; httpOnly?: boolean; sameSite?: string; path?: string },
    ) => request.cookies.set(name, { value, ...options }),
    delete: (arg: string | { name: string }) => request.cookies.delete(typeof arg === "string" ? arg : arg.name),
  }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new RedirectSignal(url);
  },
}));
class RedirectSignal extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}

const { postCommentAction } = await import("@/lib/actions/comments");

const SECRET = "unit-test-secret";
let ipCounter = 0;

beforeEach(async () => {
  vi.stubEnv("AUTH_SECRET", SECRET);
  vi.stubEnv("TRUST_PROXY", "1");
  request.cookies.clear();
  request.headers = new Headers({ "x-newsroom-client-ip": `198.51.100.${++ipCounter}`, "user-agent": "UnitTest/1.0" });
  await saveSettings({
    ...(await getSettingsUncached()),
    commentModerationWords: [],
    commentDisallowedWords: [],
    commentCloseAfterDays: 0,
    commentThreadDepth: 5,
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

let emailCounter = 0;
function fields(articleId: number, values: Record<string, string> = {}) {
  const fd = new FormData();
  const all = {
    articleId: String(articleId),
    comment: `Comment ${++emailCounter}`,
    author: "Ayşe Demir",
    email: `reader${emailCounter}@example.org`,
    url: "",
    ...values,
  };
  for (const [k, v] of Object.entries(all)) fd.set(k, v);
  return fd;
}

async function post(fd: FormData) {
  try {
    const state = await postCommentAction({ status: "idle" }, fd);
    return { state, redirect: null as string | null };
  } catch (e) {
    if (e instanceof RedirectSignal) return { state: null, redirect: e.url };
    throw e;
  }
}

async function stored(id: number) {
  return (await db.select().from(comments).where(eq(comments.id, id)))[0]!;
}

function idFrom(redirect: string | null): number {
  const m = /#comment-(\d+)$/.exec(redirect ?? "");
  if (!m) throw new Error(`no comment anchor in ${redirect}`);
  return Number(m[1]);
}

describe("postCommentAction", () => {
  it("stores a first comment as pending with IP and user agent, and remembers it in a signed cookie", async () => {
    const article = await makeArticle();
    const { redirect } = await post(fields(article.id, { comment: "First!\n\nSecond paragraph." }));
    expect(redirect).toMatch(new RegExp(`^/articles/${article.slug}#comment-\\d+$`));
    const row = await stored(idFrom(redirect));
    expect(row).toMatchObject({
      status: "pending",
      articleId: article.id,
      authorIp: `198.51.100.${ipCounter}`,
      authorUserAgent: "UnitTest/1.0",
      body: "First!\n\nSecond paragraph.",
    });
    const cookie = request.cookies.get(PENDING_COOKIE)!;
    expect(verifyPendingIds(cookie.value, SECRET)).toEqual([row.id]);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "lax" });
    // Nothing shared changes for a pending comment.
    expect(invalidated).toEqual([]);
  });

  it("approves a commenter with a previously approved comment and refreshes exactly that article's comments", async () => {
    const article = await makeArticle();
    await makeComment({
      articleId: (await makeArticle()).id,
      authorName: "Ayşe Demir",
      authorEmail: "known@example.org",
      status: "approved",
      createdAt: Date.now() - 3_600_000,
    });
    const { redirect } = await post(fields(article.id, { email: "Known@Example.org" }));
    expect((await stored(idFrom(redirect))).status).toBe("approved");
    expect(invalidated).toEqual([`comments:${article.id}`]);
    expect(request.cookies.has(PENDING_COOKIE)).toBe(false);
    // WordPress matches name and email together: the same address under another name waits.
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ["Date"] });
    const other = await post(fields(article.id, { email: "known@example.org", author: "Someone Else" }));
    expect((await stored(idFrom(other.redirect))).status).toBe("pending");
  });

  it("holds a known commenter's comment with two links or a moderation word", async () => {
    const article = await makeArticle();
    await makeComment({
      articleId: article.id,
      authorEmail: "known2@example.org",
      status: "approved",
      createdAt: Date.now() - 3_600_000,
    });
    const links = await post(
      fields(article.id, { email: "known2@example.org", comment: "https://a.example and https://b.example" }),
    );
    expect((await stored(idFrom(links.redirect))).status).toBe("pending");
    await saveSettings({ ...(await getSettingsUncached()), commentModerationWords: ["refund"] });
    request.headers.set("x-newsroom-client-ip", "198.51.100.250");
    await makeComment({
      articleId: article.id,
      authorEmail: "known3@example.org",
      status: "approved",
      createdAt: Date.now() - 3_600_000,
    });
    const word = await post(fields(article.id, { email: "known3@example.org", comment: "I want a refund" }));
    expect((await stored(idFrom(word.redirect))).status).toBe("pending");
    expect(invalidated).toEqual([]);
  });

  it("sends a disallowed word or a filled honeypot to spam, shown to nobody", async () => {
    const article = await makeArticle();
    await saveSettings({ ...(await getSettingsUncached()), commentDisallowedWords: ["casino"] });
    const word = await post(fields(article.id, { comment: "Great CASINO offers" }));
    expect(word.redirect).toBe(`/articles/${article.slug}#comments`);
    request.headers.set("x-newsroom-client-ip", "198.51.100.251");
    const bot = await post(fields(article.id, { [HONEYPOT_FIELD]: "http://spam.example" }));
    expect(bot.redirect).toBe(`/articles/${article.slug}#comments`);
    const rows = await db.select().from(comments).where(eq(comments.articleId, article.id));
    expect(rows.map((r) => r.status)).toEqual(["spam", "spam"]);
    expect(request.cookies.has(PENDING_COOKIE)).toBe(false);
    expect(invalidated).toEqual([]);
  });

  it("returns the validation messages with the input kept", async () => {
    const article = await makeArticle();
    const { state } = await post(fields(article.id, { author: "", email: "", comment: "Keep me" }));
    // The post's message is its first problem, as WordPress reports it; the form lists it once.
    expect(state).toEqual({
      status: "error",
      message: COMMENT_MESSAGES.required,
      fieldErrors: { author: [COMMENT_MESSAGES.required], email: [COMMENT_MESSAGES.required] },
      values: { articleId: String(article.id), comment: "Keep me", author: "", email: "", url: "" },
      at: expect.any(Number),
    });
    const bad = await post(fields(article.id, { email: "nope", comment: "" }));
    expect(bad.state).toMatchObject({
      fieldErrors: { email: [COMMENT_MESSAGES.invalidEmail], comment: [COMMENT_MESSAGES.emptyComment] },
    });
    expect(await db.select().from(comments).where(eq(comments.articleId, article.id))).toEqual([]);
  });

  it("refuses a duplicate (same name or email, same text) before the flood check", async () => {
    const article = await makeArticle();
    await post(fields(article.id, { author: "Dup", email: "dup@example.org", comment: "Same words" }));
    const again = await post(
      fields(article.id, { author: "Other name", email: "dup@example.org", comment: "Same words" }),
    );
    expect(again.state).toMatchObject({ status: "error", message: COMMENT_MESSAGES.duplicate });
    request.headers.set("x-newsroom-client-ip", "198.51.100.252");
    const sameName = await post(
      fields(article.id, { author: "Dup", email: "other@example.org", comment: "Same words" }),
    );
    expect(sameName.state).toMatchObject({ message: COMMENT_MESSAGES.duplicate });
  });

  it("refuses a second comment from the same IP or email within 15 seconds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const article = await makeArticle();
    await post(fields(article.id, { email: "fast@example.org" }));
    const sameIp = await post(fields(article.id));
    expect(sameIp.state).toMatchObject({ message: COMMENT_MESSAGES.flood });
    request.headers.set("x-newsroom-client-ip", "198.51.100.253");
    const sameEmail = await post(fields(article.id, { email: "fast@example.org" }));
    expect(sameEmail.state).toMatchObject({ message: COMMENT_MESSAGES.flood });
    vi.setSystemTime(Date.now() + 15_001);
    const later = await post(fields(article.id, { email: "fast@example.org" }));
    expect(later.redirect).toMatch(/#comment-\d+$/);
  });

  it("refuses posts when comments are closed, per article or after N days", async () => {
    const closed = await makeArticle({ commentStatus: "closed" });
    expect((await post(fields(closed.id))).state).toMatchObject({ message: COMMENT_MESSAGES.closed });
    await saveSettings({ ...(await getSettingsUncached()), commentCloseAfterDays: 7 });
    const old = await makeArticle({ publishedAt: Date.now() - 8 * 86_400_000 });
    expect((await post(fields(old.id))).state).toMatchObject({ message: COMMENT_MESSAGES.closed });
    const recent = await makeArticle({ publishedAt: Date.now() - 6 * 86_400_000 });
    expect((await post(fields(recent.id))).redirect).toMatch(/#comment-\d+$/);
  });

  it("refuses comments on drafts, trashed and unknown articles", async () => {
    for (const article of [
      await makeArticle({ status: "draft", publishedAt: null }),
      await makeArticle({ trashedAt: Date.now() }),
    ]) {
      expect((await post(fields(article.id))).state).toMatchObject({ message: COMMENT_MESSAGES.invalid });
    }
    expect((await post(fields(999_999))).state).toMatchObject({ message: COMMENT_MESSAGES.invalid });
  });

  it("threads replies under an approved comment of the same article, up to the depth setting", async () => {
    const article = await makeArticle();
    let parent = await makeComment({ articleId: article.id });
    for (let depth = 2; depth <= 5; depth++) parent = await makeComment({ articleId: article.id, parentId: parent.id });
    const tooDeep = await post(fields(article.id, { parentId: String(parent.id) }));
    expect(tooDeep.state).toMatchObject({ message: COMMENT_MESSAGES.tooDeep });

    const top = await makeComment({ articleId: article.id });
    const reply = await post(fields(article.id, { parentId: String(top.id) }));
    expect((await stored(idFrom(reply.redirect))).parentId).toBe(top.id);

    const pending = await makeComment({ articleId: article.id, status: "pending" });
    const elsewhere = await makeComment({ articleId: (await makeArticle()).id });
    for (const target of [pending, elsewhere]) {
      request.headers.set("x-newsroom-client-ip", `198.51.100.${200 + (target.id % 50)}`);
      const refused = await post(fields(article.id, { parentId: String(target.id) }));
      expect(refused.state).toMatchObject({ message: COMMENT_MESSAGES.parentMissing });
    }
  });

  it("keeps name, email and website for a year when asked, and clears them otherwise", async () => {
    const article = await makeArticle();
    await post(
      fields(article.id, { author: "Rem", email: "rem@example.org", url: "https://rem.example", remember: "on" }),
    );
    const cookie = request.cookies.get(REMEMBER_COOKIE)!;
    expect(decodeRemembered(cookie.value)).toEqual({
      name: "Rem",
      email: "rem@example.org",
      url: "https://rem.example/",
    });
    expect(cookie.maxAge).toBe(365 * 86_400);
    request.headers.set("x-newsroom-client-ip", "198.51.100.254");
    await post(fields(article.id, { author: "Rem", email: "rem2@example.org" }));
    expect(request.cookies.has(REMEMBER_COOKIE)).toBe(false);
  });

  it("adds to the visitor's pending ids and ignores a forged cookie", async () => {
    const article = await makeArticle();
    request.cookies.set(PENDING_COOKIE, { value: "forged.value" });
    const first = await post(fields(article.id));
    request.headers.set("x-newsroom-client-ip", "198.51.100.249");
    const second = await post(fields(article.id));
    expect(verifyPendingIds(request.cookies.get(PENDING_COOKIE)!.value, SECRET)).toEqual([
      idFrom(first.redirect),
      idFrom(second.redirect),
    ]);
    // Sent back to story pages alone; the remember-me cookie goes everywhere.
    expect(request.cookies.get(PENDING_COOKIE)!.path).toBe("/articles");
  });

  it("sends the poster to the comment page their comment is on", async () => {
    const article = await makeArticle();
    const base = Date.now() - 86_400_000;
    // 120 approved threads: pages 1 and 2 hold 50 each, the article's own URL the newest 20.
    const threads = [];
    for (let i = 0; i < 120; i++)
      threads.push(await makeComment({ articleId: article.id, createdAt: base + i * 1_000, body: `Thread ${i}` }));

    const topLevel = await post(fields(article.id));
    expect(topLevel.redirect).toMatch(new RegExp(`^/articles/${article.slug}#comment-\\d+$`));

    request.headers.set("x-newsroom-client-ip", "198.51.100.240");
    const onFirstPage = await post(fields(article.id, { parentId: String(threads[3].id) }));
    expect(onFirstPage.redirect).toMatch(new RegExp(`^/articles/${article.slug}/comment-page-1#comment-\\d+$`));

    request.headers.set("x-newsroom-client-ip", "198.51.100.241");
    const onSecondPage = await post(fields(article.id, { parentId: String(threads[50].id) }));
    expect(onSecondPage.redirect).toMatch(new RegExp(`^/articles/${article.slug}/comment-page-2#comment-\\d+$`));

    request.headers.set("x-newsroom-client-ip", "198.51.100.242");
    const onLastPage = await post(fields(article.id, { parentId: String(threads[100].id) }));
    expect(onLastPage.redirect).toMatch(new RegExp(`^/articles/${article.slug}#comment-\\d+$`));
  });
});
