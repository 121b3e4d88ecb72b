import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, transaction } from "@/db";
import { jobs, webhookDeliveries } from "@/db/schema";
import { deleteArticle, updateArticleState } from "@/lib/data/admin-articles";
import { changeLiveUpdate, insertLiveUpdate } from "@/lib/data/live";
import { insertComment } from "@/lib/data/comments";
import { insertStaffReply, setCommentsStatus } from "@/lib/data/moderation";
import { createUser } from "@/lib/data/users";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listFailedWebhooks,
  redeliver,
} from "@/lib/data/webhooks";
import { runDueJobs } from "@/lib/jobs/runner";
import { sendDelivery } from "@/lib/webhooks/send";
import { newWebhookSecret, signPayload, verifySignature } from "@/lib/webhooks/sign";
import { checkWebhookUrl, isPrivateAddress, resolveSafeTarget } from "@/lib/webhooks/ssrf";
import { makeArticle, makeComment } from "./support/factories";

type Received = { body: string; signature: string; event: string; delivery: string };

/** A real HTTP receiver on a free port, which can be taken down and brought back on the same port. */
class Receiver {
  received: Received[] = [];
  status = 200;
  private server?: http.Server;
  port = 0;
  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        this.received.push({
          body,
          signature: String(req.headers["x-newsroom-signature"]),
          event: String(req.headers["x-newsroom-event"]),
          delivery: String(req.headers["x-newsroom-delivery"]),
        });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }
  events() {
    return this.received.map(
      (r) => JSON.parse(r.body) as { id: string; event: string; data: { story?: { id: number } } },
    );
  }
}

const receiver = new Receiver();
const hooks: number[] = [];
beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
});
afterEach(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  receiver.received = [];
  receiver.status = 200;
  for (const id of hooks.splice(0)) await deleteWebhook(id);
  // Nothing left for the next test to run.
  await runDueJobs(() => Date.now() + 48 * 3_600_000);
  receiver.received = [];
});

async function hook(events: Parameters<typeof createWebhook>[0]["events"], url = receiver.url) {
  const w = await createWebhook({ name: "Partner", url, events, secret: newWebhookSecret() });
  hooks.push(w.id);
  return w;
}

describe("signing", () => {
  it("signs t.body with HMAC-SHA256 and verifies only the same body, secret and a recent time", () => {
    const secret = newWebhookSecret();
    const body = '{"event":"story.published"}';
    const header = signPayload(secret, body, 1_700_000_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, 1_700_000_100_000)).toBe(true);
    expect(verifySignature(secret, body + " ", header, 1_700_000_100_000)).toBe(false);
    expect(verifySignature(newWebhookSecret(), body, header, 1_700_000_100_000)).toBe(false);
    // A replay six minutes later is refused.
    expect(verifySignature(secret, body, header, 1_700_000_360_000)).toBe(false);
    expect(verifySignature(secret, body, "t=1700000000,v1=00", 1_700_000_000_000)).toBe(false);
  });
});

describe("SSRF guard", () => {
  it("knows private, loopback, link-local and mapped addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "100.64.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses private targets at registration, after DNS and when sending, unless WEBHOOKS_ALLOW_PRIVATE=1", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    for (const url of [
      "http://127.0.0.1/x",
      "http://localhost:8080/",
      "http://[::1]/",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5/",
    ])
      expect(checkWebhookUrl(url), url).toMatch(/private/);
    expect(checkWebhookUrl("ftp://example.com/")).toMatch(/http/);
    expect(checkWebhookUrl("https://user:pw@example.com/")).toMatch(/passwords/);
    expect(checkWebhookUrl("https://example.com/hook")).toBeNull();
    // A public-looking name that resolves to loopback is caught after resolution.
    await expect(resolveSafeTarget(new URL("http://localhost/"))).rejects.toThrow(/private/);
    const refused = await sendDelivery(receiver.url, "{}", {});
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/private/);
    expect(receiver.received).toHaveLength(0);
    process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
    expect((await sendDelivery(receiver.url, "{}", {})).status).toBe(200);
  });

  it("never follows a redirect (it could lead to a private address)", async () => {
    const bouncer = http.createServer((_req, res) => res.writeHead(302, { location: receiver.url }).end());
    await new Promise<void>((resolve) => bouncer.listen(0, "127.0.0.1", resolve));
    try {
      const result = await sendDelivery(`http://127.0.0.1:${(bouncer.address() as AddressInfo).port}/`, "{}", {});
      expect(result.status).toBe(302);
      expect(receiver.received).toHaveLength(0);
    } finally {
      bouncer.closeAllConnections();
      bouncer.close();
    }
  });
});

describe("deliveries", { timeout: 30_000 }, () => {
  it("sends signed story events in order: published, updated, unpublished, deleted", async () => {
    const w = await hook(["story.published", "story.updated", "story.unpublished", "story.deleted"]);
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await updateArticleState(a.id, { status: "published", publishedAt: Date.now() - 1000 });
    await updateArticleState(a.id, {});
    await updateArticleState(a.id, { status: "draft" });
    await updateArticleState(a.id, { status: "published" });
    await deleteArticle(a.id);
    await runDueJobs();
    expect(receiver.events().map((e) => e.event)).toEqual([
      "story.published",
      "story.updated",
      "story.unpublished",
      "story.published",
      "story.deleted",
    ]);
    for (const r of receiver.received) {
      expect(verifySignature(w.secret, r.body, r.signature)).toBe(true);
      expect(r.delivery).toBe(JSON.parse(r.body).id);
    }
    const first = receiver.events()[0] as unknown as { data: { story: Record<string, unknown> } };
    expect(first.data.story).toMatchObject({ id: a.id, slug: a.slug, url: `http://localhost:3000/articles/${a.slug}` });
    const log = await listDeliveries(w.id);
    expect(log.every((d) => d.status === "delivered" && d.attempts === 1 && d.responseCode === 200)).toBe(true);
  });

  it("only sends the events a webhook asked for, and nothing for drafts", async () => {
    await hook(["story.deleted"]);
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await updateArticleState(a.id, { status: "draft" });
    await updateArticleState(a.id, { status: "published", publishedAt: Date.now() - 1000 });
    await runDueJobs();
    expect(receiver.received).toHaveLength(0);
  });

  it("delivers exactly the missed events, each once, when a receiver that was down comes back", async () => {
    const w = await hook(["story.published", "story.updated"]);
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await receiver.stop();
    await updateArticleState(a.id, { status: "published", publishedAt: Date.now() - 1000 });
    await updateArticleState(a.id, {});
    await runDueJobs();
    const waiting = await listDeliveries(w.id);
    expect(waiting.map((d) => [d.status, d.attempts])).toEqual([
      ["pending", 0],
      ["pending", 1],
    ]);
    expect(waiting[1].error).toBeTruthy();
    await receiver.start();
    // The retries come due (the clock moved past the backoff).
    await runDueJobs(() => Date.now() + 3_600_000);
    expect(receiver.events().map((e) => e.event)).toEqual(["story.published", "story.updated"]);
    expect(new Set(receiver.events().map((e) => e.id)).size).toBe(2);
    await runDueJobs(() => Date.now() + 7_200_000);
    expect(receiver.received).toHaveLength(2);
  });

  it("redelivers a delivered event with the same id", async () => {
    const w = await hook(["story.published"]);
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await updateArticleState(a.id, { status: "published", publishedAt: Date.now() - 1000 });
    await runDueJobs();
    const [delivery] = await listDeliveries(w.id);
    expect(await redeliver(delivery.id)).toBe(true);
    await runDueJobs();
    expect(receiver.events().map((e) => e.id)).toEqual([delivery.eventId, delivery.eventId]);
    expect((await listDeliveries(w.id))[0].attempts).toBe(2);
  });

  it("gives up after 24 hours of failures, disables the webhook and says so", async () => {
    const w = await hook(["story.published"]);
    receiver.status = 500;
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await updateArticleState(a.id, { status: "published", publishedAt: Date.now() - 1000 });
    await runDueJobs();
    expect((await getWebhook(w.id))?.failureStreak).toBe(1);
    expect((await getWebhook(w.id))?.active).toBe(true);
    // A day later (the delivery's own clock: it was queued 25 hours ago), the next retry is the last.
    await transaction((tx) =>
      tx
        .update(webhookDeliveries)
        .set({ createdAt: Date.now() - 25 * 3_600_000 })
        .where(eq(webhookDeliveries.webhookId, w.id)),
    );
    await runDueJobs(() => Date.now() + 2 * 3_600_000);
    const after = await getWebhook(w.id);
    expect(after?.active).toBe(false);
    expect(after?.disabledReason).toMatch(/24 hours/);
    expect((await listFailedWebhooks()).map((x) => x.id)).toContain(w.id);
    const [delivery] = await listDeliveries(w.id);
    expect(delivery.status).toBe("failed");
    expect(delivery.responseCode).toBe(500);
  });

  it("publishes a scheduled story's event when its time comes, once", async () => {
    await hook(["story.published"]);
    const at = Date.now() + 3_600_000;
    const a = await makeArticle({ status: "draft", publishedAt: null });
    await updateArticleState(a.id, { status: "scheduled", publishedAt: at });
    await runDueJobs();
    expect(receiver.received).toHaveLength(0);
    await runDueJobs(() => at + 1000);
    // The job ran before the real clock reached `at`: the story is not visible yet, so nothing is sent.
    expect(receiver.received).toHaveLength(0);
    const due = await db
      .select()
      .from(jobs)
      .where(eq(jobs.key, `story-due:${a.id}:${at}`));
    expect(due[0]?.state).toBe("done");
  });

  it("sends comment.approved without the commenter's email", async () => {
    await hook(["comment.approved"]);
    const a = await makeArticle();
    const c = await makeComment({ articleId: a.id, status: "pending", authorEmail: "secret@example.org" });
    await setCommentsStatus([c.id], "approved");
    await setCommentsStatus([c.id], "approved");
    await runDueJobs();
    expect(receiver.events().map((e) => e.event)).toEqual(["comment.approved"]);
    expect(receiver.received[0].body).not.toContain("secret@example.org");
  });

  it("sends comment.approved for comments approved as they arrive: a staff reply, a known commenter's", async () => {
    await hook(["comment.approved"]);
    const a = await makeArticle();
    const parent = await makeComment({ articleId: a.id, status: "approved" });
    const staff = await createUser({
      email: `desk-${a.id}@example.org`,
      name: "Desk",
      role: "editor",
      passwordHash: "x",
    });
    const reply = await insertStaffReply({
      parentId: parent.id,
      articleId: a.id,
      userId: staff.id,
      name: "Desk",
      email: staff.email,
      body: "Thanks, corrected.",
      ip: "127.0.0.1",
      userAgent: "test",
    });
    const commenter = {
      articleId: a.id,
      parentId: null,
      authorName: "Returning reader",
      authorEmail: "returning@example.org",
      authorUrl: "",
      authorIp: "127.0.0.1",
      authorUserAgent: "test",
    };
    const known = await insertComment({ ...commenter, body: "Approved at once.", status: "approved" });
    await insertComment({ ...commenter, body: "Held for moderation.", status: "pending" });
    await runDueJobs();
    const sent = receiver.events() as unknown as { event: string; data: { comment: { id: number } } }[];
    expect(sent.map((e) => [e.event, e.data.comment.id])).toEqual([
      ["comment.approved", reply.id],
      ["comment.approved", known.id],
    ]);
  });
});

describe("live coverage", () => {
  it("sends live.update for each change to an update of a story readers can see, in order", async () => {
    await hook(["live.update"]);
    const story = await makeArticle();
    const hidden = await makeArticle({ status: "draft", publishedAt: null });
    const writer = await createUser({
      email: `live-${story.id}@example.org`,
      name: "Live desk",
      role: "editor",
      passwordHash: "x",
    });
    const fields = { body: "Talks resume at **noon**.", headline: "Resumed", byline: "", keyEvent: true, image: null };
    const { update } = await insertLiveUpdate(story.id, fields, writer.id, Date.now());
    await insertLiveUpdate(hidden.id, fields, writer.id, Date.now());
    await changeLiveUpdate(story.id, update.id, { pinned: true }, Date.now());
    await changeLiveUpdate(story.id, update.id, { deleted: true }, Date.now());
    await runDueJobs();
    const sent = receiver.received.map((r) => JSON.parse(r.body) as LiveEvent);
    expect(sent.map((e) => [e.event, e.data.change, e.data.story.slug])).toEqual([
      ["live.update", "posted", story.slug],
      ["live.update", "pinned", story.slug],
      ["live.update", "deleted", story.slug],
    ]);
    expect(sent[0].data.update).toMatchObject({ id: update.id, body: fields.body, key_event: true, deleted: false });
    expect(sent[2].data.update).toMatchObject({ body: "", deleted: true });
  });
});

type LiveEvent = {
  event: string;
  data: { change: string; story: { slug: string }; update: Record<string, unknown> };
};
