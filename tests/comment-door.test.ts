import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { comments } from "@/db/schema";
import { subscribe } from "@/lib/cache/bus.mjs";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { decodeRemembered, pendingIdsOf, signPendingIds, verifyPendingIds } from "@/lib/comments/cookies";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";
import { takePostedComment } from "@/lib/comments/door";
import { createCommentDoor, registerCommentTaker } from "@/lib/edge/comment-post";
import { createEdgeHandler } from "@/lib/edge/handler";
import { ResponseStore } from "@/lib/edge/response-store";
import { makeArticle, makeComment } from "./support/factories";

// The edge's door for reply forms posted without JavaScript (lib/edge/comment-post.ts and its Next
// side, lib/comments/door.ts), in the edge handler on a real node:http server and a migrated database, with a stand-in for Next that says what
// reached it and with which body. Attacks come the way an outsider sends them: crafted form posts.

const ACTION = "7f00aa11bb22cc33dd44ee55ff6677889900aabbcc";
const reachedNext: { url: string; body: string }[] = [];
let server: http.Server;
let base: string;
let articleId: number;
let slug: string;

beforeAll(async () => {
  // What instrumentation.ts does in each server process.
  registerCommentTaker(takePostedComment);
  const article = await makeArticle();
  articleId = article.id;
  slug = article.slug;
  const edge = createEdgeHandler({
    store: new ResponseStore(1024 * 1024),
    trustProxy: true,
    https: false,
    tagsFor: () => undefined,
    commentDoor: createCommentDoor(ACTION, (res, error) => {
      res.writeHead(500).end(String(error));
    }),
    next: (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      // Next answers after it has read the body, as a render does: not in the same tick.
      req.on("end", () =>
        setImmediate(() => {
          reachedNext.push({ url: req.url!, body: Buffer.concat(chunks).toString() });
          res.writeHead(200, { "content-type": "text/plain" }).end("Next rendered the form's message");
        }),
      );
    },
  });
  server = http.createServer((req, res) => void edge(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

let ips = 0;
const nextIp = () => `10.77.${(ips >> 8) & 255}.${++ips & 255}`;

/** The reply form as React renders it for postCommentAction, filled in; `fields` override or add. */
function replyForm(fields: Record<string, string> = {}, actionId = ACTION): FormData {
  const form = new FormData();
  const values: Record<string, string> = {
    $ACTION_REF_1: "",
    "$ACTION_1:0": JSON.stringify({ id: actionId, bound: "$@1" }),
    "$ACTION_1:1": '[{"status":"idle"}]',
    $ACTION_KEY: "k0123456789abcdef",
    articleId: String(articleId),
    parentId: "",
    author: "Ada Reader",
    email: `ada-${Math.random().toString(36).slice(2)}@example.org`,
    url: "",
    comment: `A thought of my own ${Math.random()}.`,
    comment_url_confirm: "",
    ...fields,
  };
  for (const [name, value] of Object.entries(values)) form.append(name, value);
  return form;
}

type Posted = { status: number; location: string | null; cookies: string[]; body: string };

async function post(
  form: FormData | Response,
  { ip = nextIp(), headers = {} as Record<string, string>, path = `/articles/${slug}` } = {},
): Promise<Posted> {
  const encoded = form instanceof Response ? form : new Response(form);
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    body: await encoded.arrayBuffer(),
    headers: {
      "content-type": encoded.headers.get("content-type")!,
      origin: base,
      "x-forwarded-for": ip,
      "user-agent": "Door test browser",
      ...headers,
    },
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    cookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

const cookie = (set: string[], name: string) =>
  set
    .find((line) => line.startsWith(`${name}=`))
    ?.split(";")[0]!
    .slice(name.length + 1);
const storedBodies = async (body: string) =>
  (await db.select().from(comments).where(eq(comments.body, body))).map((c) => c.status);

describe("a reply form posted without JavaScript", () => {
  it("is stored once and answered 303 to the comment, with the signed pending cookie, without Next", async () => {
    const before = reachedNext.length;
    const form = replyForm({ remember: "on" });
    const posted = await post(form, { ip: "10.77.200.1" });
    expect(posted.status).toBe(303);
    const [stored] = await db
      .select()
      .from(comments)
      .where(eq(comments.body, String(form.get("comment"))));
    expect(stored).toMatchObject({ status: "pending", authorIp: "10.77.200.1", authorUserAgent: "Door test browser" });
    expect(posted.location).toBe(`/articles/${slug}#comment-${stored.id}`);
    expect(verifyPendingIds(decodeURIComponent(cookie(posted.cookies, PENDING_COOKIE)!), "vitest-auth-secret")).toEqual(
      [stored.id],
    );
    // Sent back to story pages alone: everywhere else the commenter is answered from the store.
    expect(posted.cookies.find((line) => line.startsWith(`${PENDING_COOKIE}=`))).toMatch(
      /; Path=\/articles; .*; HttpOnly; SameSite=lax$/,
    );
    expect(posted.cookies.find((line) => line.startsWith(`${REMEMBER_COOKIE}=`))).toMatch(/; Path=\/; /);
    expect(decodeRemembered(decodeURIComponent(cookie(posted.cookies, REMEMBER_COOKIE)!))).toMatchObject({
      name: "Ada Reader",
    });
    expect(reachedNext.length).toBe(before);
  });

  it("keeps the ids of both pending cookies a browser may send (a newer Path=/articles one, an older Path=/)", async () => {
    const first = await post(replyForm(), { ip: "10.77.200.2" });
    const newer = cookie(first.cookies, PENDING_COOKIE)!;
    // An older one, from before the Path changed, and one forged: the browser sends the longer path first.
    const older = signPendingIds([7_000_001], "vitest-auth-secret");
    const forged = signPendingIds([7_000_002], "not-our-secret");
    const cookieHeader = `${PENDING_COOKIE}=${newer}; ${PENDING_COOKIE}=${older}; ${PENDING_COOKIE}=${forged}`;
    const second = await post(replyForm(), { ip: "10.77.200.3", headers: { cookie: cookieHeader } });
    expect(second.status).toBe(303);
    const ids = verifyPendingIds(decodeURIComponent(cookie(second.cookies, PENDING_COOKIE)!), "vitest-auth-secret");
    const [firstId] = verifyPendingIds(decodeURIComponent(newer), "vitest-auth-secret");
    expect(ids).toEqual([firstId, 7_000_001, expect.any(Number)]);
    expect(ids[2]).toBeGreaterThan(firstId);
    expect(pendingIdsOf(cookieHeader, "vitest-auth-secret")).toEqual([firstId, 7_000_001]);
  });

  it("publishes the story's comments tag when the comment is approved at once, and forgets an unremembered author", async () => {
    const email = `known-${Date.now()}@example.org`;
    await makeComment({
      articleId,
      authorName: "Known Reader",
      authorEmail: email,
      status: "approved",
      createdAt: Date.now() - 3_600_000,
    });
    const heard: string[][] = [];
    const stop = subscribe((message) => heard.push(message.tags));
    const form = replyForm({ author: "Known Reader", email });
    const posted = await post(form);
    stop();
    expect(posted.status).toBe(303);
    expect(await storedBodies(String(form.get("comment")))).toEqual(["approved"]);
    expect(heard).toContainEqual([CACHE_TAGS.comments(articleId)]);
    expect(cookie(posted.cookies, REMEMBER_COOKIE)).toBe("");
    expect(cookie(posted.cookies, PENDING_COOKIE)).toBeUndefined();
  });

  it("sends a filled honeypot to spam and its sender to the comments, never to the comment", async () => {
    const form = replyForm({ comment_url_confirm: "http://spam.example" });
    const posted = await post(form);
    expect(posted).toMatchObject({ status: 303, location: `/articles/${slug}#comments` });
    expect(await storedBodies(String(form.get("comment")))).toEqual(["spam"]);
  });
});

describe("what the door leaves to Next, body and all", () => {
  it("a refused form: Next renders its message from the very bytes that were posted", async () => {
    const form = replyForm({ email: "" });
    const encoded = new Response(form);
    const bytes = Buffer.from(await encoded.clone().arrayBuffer()).toString();
    const before = reachedNext.length;
    const posted = await post(encoded);
    expect(posted).toMatchObject({ status: 200, body: "Next rendered the form's message" });
    expect(reachedNext.length).toBe(before + 1);
    expect(reachedNext.at(-1)!.body).toBe(bytes);
    expect(await storedBodies(String(form.get("comment")))).toEqual([]);
  });

  it("a replayed post: stored once; the second is the duplicate rule's, rendered by Next", async () => {
    const form = replyForm();
    const ip = nextIp();
    expect((await post(form, { ip })).status).toBe(303);
    const again = await post(form, { ip: nextIp() });
    expect(again.status).toBe(200);
    expect(await storedBodies(String(form.get("comment")))).toEqual(["pending"]);
  });

  it("a flood from one client: the second post within seconds goes to Next and is not stored", async () => {
    const ip = nextIp();
    expect((await post(replyForm(), { ip })).status).toBe(303);
    const second = replyForm();
    expect((await post(second, { ip })).status).toBe(200);
    expect(await storedBodies(String(second.get("comment")))).toEqual([]);
  });

  it.each([
    ["another site's Origin", { headers: { origin: "https://evil.example" } }],
    ["a forged Origin naming this host on another port", { headers: { origin: "http://127.0.0.1:1" } }],
    ["a call from JavaScript (Next-Action)", { headers: { "next-action": ACTION } }],
    ["a post to a page that is not a story", { path: "/search" }],
  ])("%s", async (_, options) => {
    const form = replyForm();
    const before = reachedNext.length;
    const posted = await post(form, options);
    expect(posted.status).toBe(200);
    expect(reachedNext.length).toBe(before + 1);
    expect(await storedBodies(String(form.get("comment")))).toEqual([]);
  });

  it("a post without an Origin, or for another action, or without React's action reference", async () => {
    for (const form of [
      replyForm({}, "7f99"),
      (() => {
        const f = replyForm();
        f.delete("$ACTION_REF_1");
        return f;
      })(),
    ]) {
      expect((await post(form)).status).toBe(200);
      expect(await storedBodies(String(form.get("comment")))).toEqual([]);
    }
    const encoded = new Response(replyForm());
    const response = await fetch(`${base}/articles/${slug}`, {
      method: "POST",
      redirect: "manual",
      body: await encoded.arrayBuffer(),
      headers: { "content-type": encoded.headers.get("content-type")!, "x-forwarded-for": nextIp() },
    });
    expect(response.status).toBe(200);
  });

  it("a hostile body: multipart without its boundary, or cut short, reaches Next as it came", async () => {
    for (const [contentType, body] of [
      ["multipart/form-data", "--x\r\nContent-Disposition: form-data; name=comment\r\n\r\nhi\r\n--x--"],
      ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="comment"\r\n\r\nnever ends'],
    ]) {
      const before = reachedNext.length;
      const response = await fetch(`${base}/articles/${slug}`, {
        method: "POST",
        body,
        headers: { "content-type": contentType, origin: base, "x-forwarded-for": nextIp() },
      });
      expect(response.status).toBe(200);
      expect(reachedNext.at(-1)!.body).toBe(body);
      expect(reachedNext.length).toBe(before + 1);
    }
  });

  it("a reply to a comment of another story is refused there, not stored here", async () => {
    const other = await makeArticle();
    const elsewhere = await makeComment({ articleId: other.id, status: "approved" });
    const form = replyForm({ parentId: String(elsewhere.id) });
    expect((await post(form)).status).toBe(200);
    expect(await storedBodies(String(form.get("comment")))).toEqual([]);
  });
});
