import { count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { articles, comments } from "@/db/schema";
import { idleState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { getSettingsUncached, saveSettings } from "@/lib/data/settings";
import { createUser } from "@/lib/data/users";
import { makeArticle } from "./support/factories";
import { signInAs } from "./support/session";

// Issue 10, "bad input": malformed posts to the comment and article actions get a clear message,
// never an exception (a 500), and leave nothing half-stored.

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
    delete: (arg: string | { name: string }) => request.cookies.delete(typeof arg === "string" ? arg : arg.name),
  }),
}));
vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const { postCommentAction } = await import("@/lib/actions/comments");
const { saveArticleAction } = await import("@/lib/actions/articles");

let ip = 0;
beforeEach(() => {
  vi.stubEnv("AUTH_SECRET", "bad-input-secret");
  vi.stubEnv("TRUST_PROXY", "1");
  request.cookies.clear();
  request.headers = new Headers({ "x-newsroom-client-ip": `192.0.2.${++ip % 250}` });
});

type Outcome = { redirect: string } | { state: { status: string; message?: string } };

async function run(action: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { state: (await action()) as { status: string; message?: string } };
  } catch (e) {
    const url = (e as { url?: string }).url;
    if (url) return { redirect: url };
    throw e; // an exception here is a 500 for the visitor
  }
}

const commentCount = async () => (await db.select({ n: count() }).from(comments))[0].n;

function commentForm(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

describe("the comment action, given bad input", () => {
  beforeAll(async () => {
    await saveSettings({ ...(await getSettingsUncached()), commentCloseAfterDays: 0 });
  });

  const base = (articleId: number, i: number) => ({
    articleId: String(articleId),
    comment: `A fine comment ${i}`,
    author: "Reader",
    email: `bad-input-${i}@example.org`,
    url: "",
  });

  const refusals: [string, (b: Record<string, string>) => Record<string, string>][] = [
    ["an empty comment", (b) => ({ ...b, comment: "" })],
    ["a whitespace comment", (b) => ({ ...b, comment: " \n\t " })],
    ["an empty name", (b) => ({ ...b, author: "" })],
    ["an invalid email", (b) => ({ ...b, email: "not an email" })],
    ["an oversize comment", (b) => ({ ...b, comment: "x".repeat(65_526) })],
    ["a 2 MB comment", (b) => ({ ...b, comment: "y".repeat(2_000_000) })],
    ["an oversize name", (b) => ({ ...b, author: "n".repeat(246) })],
    ["an oversize website", (b) => ({ ...b, url: `https://example.org/${"p".repeat(300)}` })],
    ["a javascript: website", (b) => ({ ...b, url: "javascript:alert(1)" })],
    ["a missing article id", (b) => ({ ...b, articleId: "" })],
    ["a negative article id", (b) => ({ ...b, articleId: "-1" })],
    ["a zero article id", (b) => ({ ...b, articleId: "0" })],
    ["a huge article id", (b) => ({ ...b, articleId: "99999999999999999999" })],
    ["a fractional article id", (b) => ({ ...b, articleId: "1.5" })],
    ["a word for an article id", (b) => ({ ...b, articleId: "abc" })],
    ["a negative parent id", (b) => ({ ...b, parentId: "-1" })],
    ["a huge parent id", (b) => ({ ...b, parentId: "99999999999999999999" })],
    ["an unknown parent id", (b) => ({ ...b, parentId: "987654321" })],
  ];

  for (const [name, mutate] of refusals)
    it(`refuses ${name} with a message and stores nothing`, async () => {
      const article = await makeArticle();
      const before = await commentCount();
      const outcome = await run(() => postCommentAction({ status: "idle" }, commentForm(mutate(base(article.id, ip)))));
      expect(outcome).toMatchObject({ state: { status: "error", message: expect.stringMatching(/\w/) } });
      const message = "state" in outcome ? (outcome.state.message ?? "") : "";
      // A refused megabyte is not echoed back in the message.
      expect(message.length).toBeLessThan(500);
      expect(await commentCount()).toBe(before);
    });

  it("stores emoji, NUL-free text and ignores unknown fields", async () => {
    const article = await makeArticle();
    const form = commentForm({ ...base(article.id, 9001), comment: "Ferries 🚢 are back 👍🏽 — ✓", author: "Zoë 😀" });
    form.set("status", "approved");
    form.set("userId", "1");
    form.set("authorIp", "127.0.0.1");
    form.set("__proto__", "x");
    const outcome = await run(() => postCommentAction({ status: "idle" }, form));
    expect(outcome).toHaveProperty("redirect");
    const [stored] = await db.select().from(comments).where(eq(comments.authorEmail, "bad-input-9001@example.org"));
    expect(stored).toMatchObject({ body: "Ferries 🚢 are back 👍🏽 — ✓", authorName: "Zoë 😀", userId: null });
    expect(stored.status).not.toBe("approved");
    expect(stored.authorIp).not.toBe("127.0.0.1");
  });

  it("a comment with NUL bytes is refused or stored without them, never an exception", async () => {
    const article = await makeArticle();
    const email = "bad-input-nul@example.org";
    const outcome = await run(() =>
      postCommentAction(
        { status: "idle" },
        commentForm({ ...base(article.id, 1), email, comment: "before\u0000after", author: "N\u0000UL" }),
      ),
    );
    const stored = await db.select().from(comments).where(eq(comments.authorEmail, email));
    if ("redirect" in outcome) {
      expect(stored).toHaveLength(1);
      expect(stored[0].body).not.toContain("\u0000");
      expect(stored[0].authorName).not.toContain("\u0000");
    } else {
      expect(outcome.state.status).toBe("error");
      expect(stored).toEqual([]);
    }
  });
});

describe("the article action, given bad input", () => {
  let editor: SessionUser;
  beforeAll(async () => {
    const u = await createUser({ email: "bad-input-ed@example.com", name: "Ed", role: "editor", passwordHash: "x" });
    editor = { id: u.id, email: u.email, name: u.name, role: u.role };
  });

  function articleForm(values: Record<string, string>): FormData {
    const f = new FormData();
    const all = {
      headline: "A headline",
      slug: "",
      dek: "",
      dateline: "",
      body: "Body.",
      sectionId: "",
      tags: "",
      status: "draft",
      publishedAt: "",
      correction: "",
      featureImageAlt: "",
      featureImageCaption: "",
      featureImageCredit: "",
      ...values,
    };
    for (const [k, v] of Object.entries(all)) f.set(k, v);
    return f;
  }

  const articleCount = async () => (await db.select({ n: count() }).from(articles))[0].n;

  const refusals: [string, Record<string, string>][] = [
    ["an empty headline", { headline: "" }],
    ["an oversize headline", { headline: "h".repeat(301) }],
    ["an oversize body", { body: "b".repeat(200_001) }],
    ["a malformed slug", { slug: "../../etc/passwd" }],
    ["an emoji slug", { slug: "🚢-ferries" }],
    ["a negative id", { id: "-1" }],
    ["a huge id", { id: "99999999999999999999" }],
    ["an unknown id", { id: "987654321" }],
    ["a word for an id", { id: "abc" }],
    ["a negative section", { sectionId: "-3" }],
    ["an unknown section", { sectionId: "987654321" }],
    ["an unknown author", { authorIds: "987654321" }],
    ["an unknown status", { status: "deleted" }],
    ["a malformed publish time", { status: "scheduled", publishedAt: "next tuesday" }],
    ["a publish time beyond year 9999", { status: "scheduled", publishedAt: "99999-01-01T00:00" }],
  ];

  for (const [name, values] of refusals)
    it(`refuses ${name} with a message and stores nothing`, async () => {
      signInAs(editor);
      const before = await articleCount();
      const outcome = await run(() => saveArticleAction(idleState, articleForm(values)));
      expect(outcome, name).toMatchObject({ state: { status: "error" } });
      expect(await articleCount()).toBe(before);
    });

  it("stores an emoji headline and ignores unknown fields", async () => {
    signInAs(editor);
    const form = articleForm({ headline: "Ferries 🚢 back", tags: "🚢, Ships", status: "draft" });
    form.set("trashedAt", "1");
    form.set("createdBy", "999");
    const outcome = await run(() => saveArticleAction(idleState, form));
    expect(outcome).toHaveProperty("redirect");
    const id = Number(/\/admin\/articles\/(\d+)/.exec((outcome as { redirect: string }).redirect)![1]);
    const [stored] = await db.select().from(articles).where(eq(articles.id, id));
    expect(stored).toMatchObject({ headline: "Ferries 🚢 back", trashedAt: null });
  });

  it("a headline with NUL or XML-illegal characters is refused or stored without them", async () => {
    signInAs(editor);
    const outcome = await run(() =>
      saveArticleAction(idleState, articleForm({ headline: "Bad\u0000head\u000bline", dek: "d\u0001k" })),
    );
    if ("redirect" in outcome) {
      const id = Number(/\/admin\/articles\/(\d+)/.exec(outcome.redirect)![1]);
      const [stored] = await db.select().from(articles).where(eq(articles.id, id));
      expect(stored.headline).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      expect(stored.dek).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    } else expect(outcome.state.status).toBe("error");
  });
});
