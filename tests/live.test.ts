import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  deleteLiveUpdateAction,
  pinLiveUpdateAction,
  postLiveUpdateAction,
  setLiveCoverageAction,
} from "@/lib/actions/live";
import { idleState, NOT_ALLOWED, type ActionState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { insertLiveUpdate, listLiveChangesSince, listLiveUpdates } from "@/lib/data/live";
import { createUser } from "@/lib/data/users";
import { liveCatchUp } from "@/lib/live/catch-up";
import { LiveHub } from "@/lib/live/hub";
import { LIVE_MESSAGES, type LiveEvent } from "@/lib/live/rules";
import { makeArticle } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

// The rules of live coverage through its actions, and the stream hub on a real HTTP server reading the
// real database: what a stream receives, Last-Event-ID resume, the cap per client address, shutdown.

let editor: SessionUser;
let author: SessionUser;
let contributor: SessionUser;

async function user(role: SessionUser["role"]): Promise<SessionUser> {
  const u = await createUser({ email: `${role}-${Math.random()}@example.com`, name: role, role, passwordHash: "x" });
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

function form(values: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, String(v));
  return f;
}

const call = (action: (p: ActionState, f: FormData) => Promise<ActionState>, values: Record<string, string | number>) =>
  action(idleState, form(values));

async function liveStory() {
  const article = await makeArticle({ createdById: editor.id });
  signInAs(editor);
  expect((await call(setLiveCoverageAction, { articleId: article.id, live: "on" })).status).toBe("ok");
  return article;
}

async function post(articleId: number, body: string, extra: Record<string, string> = {}) {
  signInAs(editor);
  const result = await call(postLiveUpdateAction, { articleId, body, ...extra });
  expect(result.status, result.message).toBe("ok");
  const [newest] = (await listLiveUpdates(articleId)).filter((u) => !u.pinned);
  return newest;
}

beforeAll(async () => {
  [editor, author, contributor] = await Promise.all([user("editor"), user("author"), user("contributor")]);
});

beforeEach(() => {
  invalidated.length = 0;
});

describe("live coverage rules", () => {
  it("posting needs the right to publish the story: signed out, a contributor and another author's are refused", async () => {
    const article = await liveStory();
    signInAs(null);
    expect((await call(postLiveUpdateAction, { articleId: article.id, body: "x" })).status).toBe("error");
    signInAs(contributor);
    expect((await call(postLiveUpdateAction, { articleId: article.id, body: "x" })).message).toBe(NOT_ALLOWED);
    signInAs(author);
    expect((await call(postLiveUpdateAction, { articleId: article.id, body: "x" })).status).toBe("error");
    signInAs(author);
    expect((await call(setLiveCoverageAction, { articleId: article.id, live: "off" })).status).toBe("error");
    expect(await listLiveUpdates(article.id)).toEqual([]);
  });

  it("an update is refused before coverage is on and without a body", async () => {
    const article = await makeArticle({ createdById: editor.id });
    signInAs(editor);
    expect((await call(postLiveUpdateAction, { articleId: article.id, body: "Too early." })).message).toBe(
      LIVE_MESSAGES.notLive,
    );
    await call(setLiveCoverageAction, { articleId: article.id, live: "on" });
    const empty = await call(postLiveUpdateAction, { articleId: article.id, body: "   " });
    expect(empty.status === "error" && empty.fieldErrors.body).toBeTruthy();
  });

  it("a post invalidates exactly the story's reader tags (its page, home and feeds, its section)", async () => {
    const article = await liveStory();
    invalidated.length = 0;
    await post(article.id, "Tagged.");
    expect(invalidated.sort()).toEqual([`article:${article.slug}`, "articles:latest"].sort());
  });

  it("one update is pinned at a time; a deletion leaves a tombstone a resuming stream learns from", async () => {
    const article = await liveStory();
    const first = await post(article.id, "First.");
    const second = await post(article.id, "Second.");
    signInAs(editor);
    await call(pinLiveUpdateAction, { articleId: article.id, updateId: first.id, pinned: "1" });
    await call(pinLiveUpdateAction, { articleId: article.id, updateId: second.id, pinned: "1" });
    const shown = await listLiveUpdates(article.id);
    expect(shown.map((u) => [u.body, u.pinned])).toEqual([
      ["Second.", true],
      ["First.", false],
    ]);
    const before = Date.now();
    await call(deleteLiveUpdateAction, { articleId: article.id, updateId: first.id });
    expect((await listLiveUpdates(article.id)).map((u) => u.body)).toEqual(["Second."]);
    const changes = await listLiveChangesSince(article.id, before);
    expect(changes.map((u) => [u.id, u.deleted])).toEqual([[first.id, true]]);
    // Another story's update cannot be reached through this one.
    const other = await liveStory();
    expect((await call(deleteLiveUpdateAction, { articleId: other.id, updateId: second.id })).message).toBe(
      LIVE_MESSAGES.gone,
    );
  });
});

type Stream = { status: number; events: { id: string; data: LiveEvent }[]; close: () => void; ended: Promise<void> };

let server: http.Server;
let hub: LiveHub;
let base: string;

beforeAll(async () => {
  hub = new LiveHub({ trustProxy: true, maxPerClient: 2, loader: liveCatchUp, heartbeatMs: 60_000 });
  server = http.createServer((req, res) => {
    if (!hub.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hub.close();
  await new Promise((resolve) => server.close(resolve));
});

/** An SSE client over a plain socket: the events it has read so far. */
function open(path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: { "x-forwarded-for": "198.51.100.1", ...headers } }, (res) => {
      const stream: Stream = {
        status: res.statusCode ?? 0,
        events: [],
        close: () => req.destroy(),
        ended: new Promise((done) => res.once("end", done).once("close", done)),
      };
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && data) stream.events.push({ id, data: JSON.parse(data) });
        }
      });
      resolve(stream);
    });
    req.on("error", reject);
  });
}

const updateEvents = (s: Stream) =>
  s.events.flatMap((e) => (e.data.kind === "update" ? [{ ...e.data, eventId: e.id }] : []));

describe("the stream hub", () => {
  it("sends each post, edit and deletion, rendered once, to every open stream of the story", async () => {
    const article = await liveStory();
    const since = Date.now();
    const [a, b] = await Promise.all([
      open(`/api/live/${article.id}/events?since=${since}`),
      open(`/api/live/${article.id}/events?since=${since}`, { "x-forwarded-for": "198.51.100.2" }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const update = await post(article.id, "Ceasefire **agreed**.", { headline: "Ceasefire", keyEvent: "on" });
    await vi.waitFor(() => expect(updateEvents(a)).toHaveLength(1));
    await vi.waitFor(() => expect(updateEvents(b)).toHaveLength(1));
    const [event] = updateEvents(a);
    expect(event.id).toBe(update.id);
    expect(event.html).toContain(`id="update-${update.id}"`);
    expect(event.html).toContain("<strong>agreed</strong>");
    expect(event.key).toContain(`href="#update-${update.id}"`);
    expect(updateEvents(b)[0].html).toBe(event.html);
    signInAs(editor);
    await call(deleteLiveUpdateAction, { articleId: article.id, updateId: update.id });
    await vi.waitFor(() => expect(updateEvents(a).at(-1)).toMatchObject({ id: update.id, html: null }));
    a.close();
    b.close();
  });

  it("a reconnecting stream resumes from Last-Event-ID, from the hub's memory or, for older pages, the database", async () => {
    const article = await liveStory();
    const first = open(`/api/live/${article.id}/events?since=${Date.now()}`);
    const a = await first;
    const seen = await post(article.id, "Seen before the drop.");
    await vi.waitFor(() => expect(updateEvents(a)).toHaveLength(1));
    const lastEventId = updateEvents(a)[0].eventId;
    a.close();
    await a.ended;
    // Nobody is connected to the story now: what follows is only in the database.
    await vi.waitFor(() => expect(hub.stats().rooms).toBe(0));
    const missed = await post(article.id, "Posted during the drop.");
    signInAs(editor);
    await call(deleteLiveUpdateAction, { articleId: article.id, updateId: seen.id });
    const back = await open(`/api/live/${article.id}/events?since=1`, { "last-event-id": lastEventId });
    await vi.waitFor(() =>
      expect(updateEvents(back).map((e) => [e.id, e.html === null])).toContainEqual([seen.id, true]),
    );
    expect(updateEvents(back).map((e) => e.id)).toContain(missed.id);

    // While a stream stays open, a reconnect is caught up from the hub's memory.
    const another = await post(article.id, "Posted while the first reader stays.");
    await vi.waitFor(() => expect(updateEvents(back).map((e) => e.id)).toContain(another.id));
    const resumed = await open(`/api/live/${article.id}/events`, {
      "last-event-id": String(updateEvents(back).find((e) => e.id === missed.id)!.eventId),
      "x-forwarded-for": "198.51.100.3",
    });
    await vi.waitFor(() => expect(updateEvents(resumed).map((e) => e.id)).toContain(another.id));
    back.close();
    resumed.close();

    // A page left open since long before anything the hub holds in memory.
    const longAgo = Date.now() - 3 * 60 * 60 * 1000;
    const fields = { body: "Posted hours ago.", headline: "", byline: "", keyEvent: false, image: null };
    const old = (await insertLiveUpdate(article.id, fields, editor.id, longAgo)).update;
    const stale = await open(`/api/live/${article.id}/events`, {
      "last-event-id": String(longAgo - 1),
      "x-forwarded-for": "198.51.100.4",
    });
    await vi.waitFor(() =>
      expect(updateEvents(stale).map((e) => e.id)).toEqual(expect.arrayContaining([old.id, missed.id, another.id])),
    );
    stale.close();
  });

  it("caps the open streams of one client address, and frees a place when one closes", async () => {
    const article = await liveStory();
    const path = `/api/live/${article.id}/events?since=${Date.now()}`;
    const me = { "x-forwarded-for": "203.0.113.50" };
    const held = [await open(path, me), await open(path, me)];
    expect(held.map((s) => s.status)).toEqual([200, 200]);
    const refused = await open(path, me);
    expect(refused.status).toBe(429);
    expect((await open(path, { "x-forwarded-for": "203.0.113.51" })).status).toBe(200);
    held[0].close();
    await held[0].ended;
    await vi.waitFor(async () => {
      const again = await open(path, me);
      again.close();
      expect(again.status).toBe(200);
    });
    held[1].close();
  });

  it("refuses a story that is not live with 204, so browsers stop reconnecting; ending coverage tells open streams", async () => {
    const plain = await makeArticle({ createdById: editor.id });
    expect((await open(`/api/live/${plain.id}/events?since=1`)).status).toBe(204);
    const article = await liveStory();
    const s = await open(`/api/live/${article.id}/events?since=${Date.now()}`, { "x-forwarded-for": "198.51.100.9" });
    signInAs(editor);
    await call(setLiveCoverageAction, { articleId: article.id, live: "off" });
    await vi.waitFor(() => expect(s.events.at(-1)?.data).toMatchObject({ kind: "coverage", live: false }));
    expect((await open(`/api/live/${article.id}/events?since=1`)).status).toBe(204);
    s.close();
  });

  it("answers with no-store, never a cacheable response", async () => {
    const article = await liveStory();
    const res = await fetch(`${base}/api/live/${article.id}/events?since=${Date.now()}`, {
      headers: { "x-forwarded-for": "198.51.100.20" },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-store, private");
    await res.body?.cancel();
  });
});

describe("stopping", () => {
  it("close() ends every stream cleanly and refuses new ones", async () => {
    const own = new LiveHub({ trustProxy: false, maxPerClient: 5, loader: liveCatchUp });
    const article = await liveStory();
    const srv = http.createServer((req, res) => void own.handle(req, res));
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/live/${article.id}/events?since=${Date.now()}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const reading = res.text();
    own.close();
    expect(await reading).toContain("retry: ");
    expect((await fetch(url)).status).toBe(503);
    await new Promise((resolve) => srv.close(resolve));
  });
});
