import { randomUUID } from "node:crypto";
import net from "node:net";
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { PageCache } from "@/lib/cache/cache-handler.mjs";
import { createSharedChannel, type Invalidation, type SharedChannel } from "@/lib/cache/redis.mjs";

// The shared cache against a real Redis: each "instance" below has its own connections, as two
// processes would. Runs when TEST_REDIS_URL names a server (vitest.config.ts), e.g.
// TEST_REDIS_URL=redis://127.0.0.1:6379/15 npx vitest run tests/cache-shared.redis.test.ts
const url = process.env.TEST_REDIS_URL!;
// This run's own keys: other runs (and other publications) may share the server.
const prefix = `test-${randomUUID()}:`;
const dbIndex = Number(new URL(url).pathname.slice(1) || 0);

const opened: SharedChannel[] = [];
const raw = new Redis(url);

afterAll(async () => {
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length) await raw.del(...keys);
  await Promise.all(opened.map((channel) => channel.close()));
  await raw.quit();
});

/** One instance: its channel to Redis (through `via`, a URL of its own, if given), and what it heard. */
async function instance(via = url) {
  const heard: Invalidation[] = [];
  const listeners: ((message: Invalidation) => void)[] = [(message) => heard.push(message)];
  const channel = createSharedChannel({
    url: via,
    prefix,
    onMessage: (message) => listeners.forEach((listener) => listener(message)),
  });
  opened.push(channel);
  await channel.ready;
  const cache = new PageCache({
    shared: channel,
    publish: async (message) => {
      cache.invalidate(message);
      await channel.publish(message);
    },
    maxBytes: 1024 * 1024,
  });
  listeners.push((message) => cache.invalidate(message));
  return { channel, cache, heard };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const page = (tags: string[], html: string) => ({
  kind: "APP_PAGE",
  html,
  rscData: Buffer.from(`rsc ${html}`),
  segmentData: new Map([["/_index", Buffer.from("segment")]]),
  headers: { "x-next-cache-tags": tags.join(",") },
  status: 200,
});

describe("Redis names", () => {
  it("puts every key under the prefix, in the database the URL names", async () => {
    const a = await instance();
    await a.cache.set("/articles/named", page(["article:named"], "<p>named</p>"), { cacheControl: { revalidate: 60 } });
    await a.cache.revalidateTag("article:elsewhere");

    const keys = (await raw.keys(`${prefix}*`)).sort();
    // raw was opened from the same URL: it is in database dbIndex (CLIENT INFO says which).
    expect(await raw.call("CLIENT", "INFO")).toContain(`db=${dbIndex}`);
    expect(keys).toEqual([`${prefix}cache:/articles/named`, `${prefix}tag-times`]);
    expect(await raw.hget(`${prefix}tag-times`, "article:elsewhere")).not.toBeNull();

    // Nothing of this run in another database of the same server.
    const elsewhere = new URL(url);
    elsewhere.pathname = `/${(dbIndex + 1) % 16}`;
    const other = new Redis(elsewhere.toString());
    try {
      await other.set(`${prefix}probe`, "1"); // this client does reach the server
      expect(await other.keys(`${prefix}*`)).toEqual([`${prefix}probe`]);
    } finally {
      await other.del(`${prefix}probe`);
      await other.quit();
    }
  });
});

describe("the invalidation bus over Redis", () => {
  it("reaches every other instance once, and not the one that published it (it applied it already)", async () => {
    const a = await instance();
    const b = await instance();
    const c = await instance();
    await a.channel.publish({ tags: ["article:one"], at: 1000 });
    await b.channel.publish({ tags: ["article:two", "site"], at: 2000 });

    await until(() => b.heard.length >= 1 && c.heard.length >= 2 && a.heard.length >= 1);
    // A last message from c: once b has it, everything sent before it has arrived too (one channel, in order).
    await c.channel.publish({ tags: ["end"], at: 3000 });
    await until(() => b.heard.some((m) => m.tags[0] === "end") && a.heard.some((m) => m.tags[0] === "end"));

    expect(a.heard).toEqual([
      { tags: ["article:two", "site"], at: 2000 },
      { tags: ["end"], at: 3000 },
    ]);
    expect(b.heard).toEqual([
      { tags: ["article:one"], at: 1000 },
      { tags: ["end"], at: 3000 },
    ]);
    expect(c.heard).toEqual([
      { tags: ["article:one"], at: 1000 },
      { tags: ["article:two", "site"], at: 2000 },
    ]);
  });

  it("keeps each tag's latest invalidation time: an older message never moves it back", async () => {
    const a = await instance();
    await a.channel.publish({ tags: ["article:clock"], at: 5000 });
    await a.channel.publish({ tags: ["article:clock"], at: 4000 });
    expect(await a.channel.tagTimes(["article:clock", "article:never"])).toEqual(new Map([["article:clock", 5000]]));
  });
});

describe("the page cache shared over Redis", () => {
  it("serves on one instance what another rendered, Buffers and Maps intact", async () => {
    const a = await instance();
    const b = await instance();
    expect(await a.cache.get("/articles/shared", { kind: "APP_PAGE" })).toBeNull(); // a renders
    await a.cache.set("/articles/shared", page(["site", "article:shared"], "<p>from a</p>"), {
      cacheControl: { revalidate: 60 },
    });

    const got = await b.cache.get("/articles/shared", { kind: "APP_PAGE" });
    expect(got?.value.html).toBe("<p>from a</p>");
    expect(Buffer.isBuffer(got?.value.rscData)).toBe(true);
    expect(got?.value.segmentData.get("/_index").toString()).toBe("segment");
  });

  it("once one instance invalidates a tag, another refuses the entry, from memory or from Redis", async () => {
    const a = await instance();
    const b = await instance();
    expect(await a.cache.get("/articles/edited", { kind: "APP_PAGE" })).toBeNull();
    await a.cache.set("/articles/edited", page(["site", "article:edited"], "<p>before</p>"), {
      cacheControl: { revalidate: 60 },
    });
    // b now holds it in memory too.
    expect((await b.cache.get("/articles/edited", { kind: "APP_PAGE" }))?.value.html).toBe("<p>before</p>");

    await new Promise((resolve) => setTimeout(resolve, 2));
    await b.cache.revalidateTag("article:edited");
    expect(await b.cache.get("/articles/edited", { kind: "APP_PAGE" })).toBeNull();
    await until(async () => (await a.cache.get("/articles/edited", { kind: "APP_PAGE" })) === null);
  });

  it("an instance that started after the invalidation (it never heard the message) still refuses the entry", async () => {
    const a = await instance();
    await a.cache.get("/articles/late", { kind: "APP_PAGE" });
    await a.cache.set("/articles/late", page(["article:late"], "<p>old</p>"), { cacheControl: { revalidate: 60 } });
    await new Promise((resolve) => setTimeout(resolve, 2));
    await a.channel.publish({ tags: ["article:late"], at: Date.now() }); // straight to Redis: a never applies it

    const late = await instance();
    expect(late.heard).toEqual([]);
    expect(await late.cache.get("/articles/late", { kind: "APP_PAGE" })).toBeNull();

    // What is rendered after the change is shared as usual.
    await late.cache.set("/articles/late", page(["article:late"], "<p>new</p>"), { cacheControl: { revalidate: 60 } });
    const fresh = await instance();
    expect((await fresh.cache.get("/articles/late", { kind: "APP_PAGE" }))?.value.html).toBe("<p>new</p>");
  });

  it("a data entry is refused by the page's implicit tags too", async () => {
    const a = await instance();
    const b = await instance();
    await a.cache.set(
      "data-shared",
      { kind: "FETCH", data: { body: "{}" }, revalidate: 60 },
      {
        fetchCache: true,
        tags: ["site"],
      },
    );
    expect(
      await b.cache.get("data-shared", { kind: "FETCH", tags: ["site"], softTags: ["_N_T_/world"] }),
    ).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await a.cache.revalidateTag("_N_T_/world");
    const fresh = await instance();
    expect(
      await fresh.cache.get("data-shared", { kind: "FETCH", tags: ["site"], softTags: ["_N_T_/world"] }),
    ).toBeNull();
    expect(
      await fresh.cache.get("data-shared", { kind: "FETCH", tags: ["site"], softTags: ["_N_T_/sport"] }),
    ).not.toBeNull();
  });
});

/** A TCP relay to the Redis server that can be cut and restored on the same port, as a network fault. */
async function relay() {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port || 6379), target.hostname);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on("error", () => {});
          socket.on("close", () => sockets.delete(socket));
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  const via = new URL(url);
  via.host = `127.0.0.1:${port}`;
  return {
    url: via.toString(),
    async cut() {
      await new Promise((resolve) => {
        server.close(resolve);
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: open,
  };
}

describe("an invalidation made while Redis was away", () => {
  it("is applied where it was made at once, and reaches the other instances once Redis is back", async () => {
    const network = await relay();
    const a = await instance(network.url);
    const b = await instance();
    await a.cache.get("/articles/outage", { kind: "APP_PAGE" });
    await a.cache.set("/articles/outage", page(["article:outage"], "<p>before</p>"), {
      cacheControl: { revalidate: 60 },
    });
    expect(await b.cache.get("/articles/outage", { kind: "APP_PAGE" })).not.toBeNull();

    await network.cut();
    await until(() => a.channel.client.status !== "ready");
    await new Promise((resolve) => setTimeout(resolve, 2));
    const saved = Date.now();
    await a.cache.revalidateTag("article:outage"); // does not wait for Redis
    expect(Date.now() - saved).toBeLessThan(100);
    expect(await a.cache.get("/articles/outage", { kind: "APP_PAGE" })).toBeNull();

    await network.restore();
    await until(async () => (await b.cache.get("/articles/outage", { kind: "APP_PAGE" })) === null, 5_000);
    const later = await instance();
    expect(await later.cache.get("/articles/outage", { kind: "APP_PAGE" })).toBeNull();
    await network.cut();
  });
});
