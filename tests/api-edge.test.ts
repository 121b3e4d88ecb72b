import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as listSections } from "@/app/api/content/sections/route";
import { GET as getStory } from "@/app/api/content/stories/[slug]/route";
import { checkKeptAnswerKey } from "@/lib/api/key";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { KEEP_HEADER, registerApiKeyCheck } from "@/lib/edge/api-answers";
import { createEdgeHandler } from "@/lib/edge/handler";
import { ResponseStore } from "@/lib/edge/response-store";
import { makeArticle } from "./support/factories";

// The edge keeps the Content API's answers (lib/edge/api-answers.ts) and sends one again only once the
// request's own key has passed. On a real node:http server and a migrated database, the real route
// handlers behind a stand-in for Next's router that counts what reached it. Attacks come as an outsider
// sends them: no key, a made-up, revoked or Admin key, a key past its limit, a key in the address.

const reachedNext: string[] = [];
const apiAnswers = new ResponseStore(1024 * 1024);
let server: http.Server;
let base: string;
let slug: string;

async function route(req: http.IncomingMessage): Promise<Response> {
  const request = new Request(`http://localhost${req.url}`, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      typeof value === "string" ? [[name, value] as [string, string]] : [],
    ),
  });
  const story = /^\/api\/content\/stories\/([^/?]+)/.exec(req.url!);
  if (story) return getStory(request, { params: Promise.resolve({ slug: story[1] }) });
  return listSections(request);
}

beforeAll(async () => {
  // What instrumentation.ts does in each server process.
  registerApiKeyCheck(checkKeptAnswerKey);
  slug = (await makeArticle()).slug;
  const edge = createEdgeHandler({
    store: new ResponseStore(1024 * 1024),
    apiAnswers,
    trustProxy: false,
    https: false,
    tagsFor: () => undefined,
    // Next's router: the route's Response written out as Next's sendResponse does, a tick later.
    next: async (req, res) => {
      reachedNext.push(req.url!);
      const response = await route(req);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.statusCode = response.status;
      res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
    },
  });
  server = http.createServer((req, res) => void edge(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

const contentKey = async () => (await createApiKey({ name: "App", kind: "content", createdById: null })).key;

function get(path: string, key: string | null, headers: Record<string, string> = {}, method = "GET") {
  return fetch(base + path, { method, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
}

/** The answer comes from Next once; then, its copy kept, never again. */
async function keep(path: string, key: string): Promise<Response> {
  const first = await get(path, key);
  expect(first.status).toBe(200);
  for (let i = 0; i < 200 && apiAnswers.peek(path) === undefined; i++) await new Promise((r) => setTimeout(r, 5));
  expect(apiAnswers.peek(path)).toBeDefined();
  return first;
}

const reachedFor = (path: string) => reachedNext.filter((url) => url === path).length;

describe("kept Content API answers", () => {
  it("are sent again after each key's own check and count, with that key's headers, never another's", async () => {
    const path = `/api/content/stories/${slug}`;
    const [one, two] = [await contentKey(), await contentKey()];
    const first = await keep(path, one);
    expect(first.headers.get(KEEP_HEADER)).toBeNull();
    expect(first.headers.get("x-ratelimit-remaining")).toBe("599");
    const body = await first.text();
    expect(apiAnswers.peek(path)!.tags.sort()).toEqual([CACHE_TAGS.article(slug), CACHE_TAGS.site].sort());

    const again = await get(path, one);
    const other = await get(path, two);
    for (const answer of [again, other]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-newsroom-cache")).toBe("hit");
      expect(answer.headers.get("cache-control")).toBe("private, no-cache");
      expect(answer.headers.get("vary")).toMatch(/Authorization/);
      expect(answer.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(answer.headers.get(KEEP_HEADER)).toBeNull();
      expect(await answer.text()).toBe(body);
    }
    expect(again.headers.get("x-ratelimit-remaining")).toBe("598");
    expect(other.headers.get("x-ratelimit-remaining")).toBe("599");
    expect(reachedFor(path)).toBe(1);

    const notModified = await get(path, two, { "if-none-match": first.headers.get("etag")! });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("x-ratelimit-remaining")).toBe("598");
    const head = await get(path, two, {}, "HEAD");
    expect([head.status, await head.text()]).toEqual([200, ""]);
    expect(reachedFor(path)).toBe(1);
  });

  it("are refused to no key, a made-up key, an Admin key and a key revoked a moment ago", async () => {
    const path = "/api/content/sections";
    const key = await contentKey();
    await keep(path, key);
    const reached = reachedFor(path);
    const code = async (answer: Response) => [
      answer.status,
      ((await answer.json()) as { error: { code: string } }).error.code,
    ];

    expect(await code(await get(path, "mpc_" + "x".repeat(43)))).toEqual([401, "invalid_key"]);
    expect(await code(await get(path, "not a bearer", { authorization: "Basic Zm9vOmJhcg==" }))).toEqual([
      401,
      "missing_key",
    ]);
    const admin = await createApiKey({ name: "Wire", kind: "admin", role: "author", createdById: null });
    expect(await code(await get(path, admin.key))).toEqual([401, "wrong_key_kind"]);
    expect(reachedFor(path)).toBe(reached);

    const revoked = await createApiKey({ name: "Gone", kind: "content", createdById: null });
    expect((await get(path, revoked.key)).status).toBe(200);
    await revokeApiKey(revoked.record.id);
    const refused = await get(path, revoked.key);
    expect(await code(refused)).toEqual([401, "invalid_key"]);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reachedFor(path)).toBe(reached);
    // Without any key the request is not one the edge keeps: Next refuses it.
    expect(await code(await get(path, null))).toEqual([401, "missing_key"]);
    expect(reachedFor(path)).toBe(reached + 1);
  });

  it("count against the key's limit for the minute, past which they are refused with Retry-After", async () => {
    const path = "/api/content/sections";
    const key = await contentKey();
    await keep(path, await contentKey());
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    for (let i = 0; i < 3; i++) expect((await get(path, key)).status).toBe(200);
    const refused = await get(path, key);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("are never made from, or sent to, a request with its key in the address", async () => {
    const path = `/api/content/stories/${slug}?key=`;
    const key = await contentKey();
    await keep(`/api/content/stories/${slug}`, key);
    const before = reachedNext.length;
    for (let i = 0; i < 2; i++) {
      const answer = await get(path + key, null);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-newsroom-cache")).toBeNull();
      expect(answer.headers.get(KEEP_HEADER)).toBeNull();
    }
    expect(reachedNext.length).toBe(before + 2);
    expect(apiAnswers.peek(path + key)).toBeUndefined();
  });

  it("are dropped by an invalidation of a tag they carry, and the next request goes to Next", async () => {
    const path = `/api/content/stories/${slug}`;
    const key = await contentKey();
    await keep(path, key);
    const reached = reachedFor(path);
    apiAnswers.invalidate({ tags: [CACHE_TAGS.article(slug)], at: Date.now() });
    expect((await get(path, key)).status).toBe(200);
    expect(reachedFor(path)).toBe(reached + 1);
  });
});
