import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { encodeRemembered } from "@/lib/comments/cookies";
import { createEdgeHandler, type EdgeOptions } from "@/lib/edge/handler";
import { laneHits, type HitLane } from "@/lib/edge/hit-lane";
import { buildStoredResponse, ResponseStore } from "@/lib/edge/response-store";
import type { RequestLines } from "@/lib/observability/logger";

// The edge in front of a stand-in for Next, on a real node:http server: what a client sees.

// What React renders of the reply form (components/comments/reply-form.tsx) and its inlined props;
// the edge sends reader pages without the payload (lib/edge/reader-page.ts).
const NEXT_REPLY_FORM_PAGE = [
  '<html><body><h3 id="reply-title">Leave a Reply</h3><form>',
  '<input id="author" type="text" name="author" value=""/><input id="email" type="email" name="email" value=""/>',
  '<input id="url" type="url" name="url" value=""/><input id="remember" type="checkbox" name="remember"/></form>',
  `<script>self.__next_f.push(${JSON.stringify([1, '4c:["$","$L4e",null,{"articleId":20,"pagePath":"/articles/a","replyTo":null,"prefill":null}]\n'])})</script>`,
  "</body></html>",
].join("");
const REPLY_FORM_PAGE = NEXT_REPLY_FORM_PAGE.replace(/<script>.*<\/script>/, "");
const UNLOGGED: RequestLines = { enabled: false, fd: null, write: () => {}, flush: () => {} };
type Reply = { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number };

let servers: http.Server[] = [];
let lanes: HitLane[] = [];
afterEach(async () => {
  lanes.forEach((lane) => lane.closeIdle());
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  lanes.forEach((lane) => lane.stop());
  servers = [];
  lanes = [];
});

async function edgeServer(
  reply: (req: http.IncomingMessage) => Reply,
  trustProxy = false,
  now?: () => number,
  extra: Partial<EdgeOptions> = {},
) {
  const store = new ResponseStore(10 * 1024 * 1024);
  const seen: http.IncomingMessage[] = [];
  const handler = createEdgeHandler({
    ...extra,
    store,
    trustProxy,
    now,
    https: false,
    tagsFor: (path) => [`page:${path}`, "site"],
    next: async (req, res) => {
      seen.push(req);
      const r = reply(req);
      if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
      res.writeHead(r.status ?? 200, {
        "content-type": "text/html; charset=utf-8",
        "x-nextjs-cache": "MISS",
        "cache-control": "s-maxage=60, stale-while-revalidate=31535940",
        ...r.headers,
      });
      res.write((r.body ?? "<p>page</p>").slice(0, 3));
      res.end((r.body ?? "<p>page</p>").slice(3));
    },
  });
  const server = http.createServer(handler);
  // As server.ts runs it: hits read off the socket by the lanes, everything else by node:http. The native
  // lane reads the system's clock: not in front of a server on a clock of the test's.
  lanes.push(
    laneHits(server, handler.hit, 5_000, now === undefined ? { store, lines: UNLOGGED, idPrefix: "edge" } : undefined),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { store, seen, base };
}

type Got = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

// `headers` as a flat list sends each pair as its own header line, in the given case (Host added).
function request(
  url: string,
  init: { method?: string; headers?: Record<string, string> | string[]; body?: string } = {},
) {
  return new Promise<Got>((resolve, reject) => {
    const headers = Array.isArray(init.headers) ? ["Host", new URL(url).host, ...init.headers] : init.headers;
    const req = http.request(url, { method: init.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe("the edge's hit path", () => {
  it("keeps a cacheable response and answers from it: ETag, 304, gzip, brotli, identity, HEAD", async () => {
    const body = "<html>" + "story ".repeat(2000) + "</html>";
    const { store, seen, base } = await edgeServer(() => ({ body }));
    const first = await request(`${base}/articles/a`, { headers: { "accept-encoding": "gzip, br" } });
    expect(first.body.toString()).toBe(body);
    // Next was asked for the identity bytes, so that the stored copy is the page itself.
    expect(seen[0].headers["accept-encoding"]).toBeUndefined();
    await until(() => store.size === 1);

    const plain = await request(`${base}/articles/a`);
    expect(plain.headers["x-newsroom-cache"]).toBe("hit");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(body);
    expect(plain.headers.vary).toBe("Accept-Encoding");
    expect(plain.headers["x-content-type-options"]).toBe("nosniff");
    expect(plain.headers["cache-control"]).toContain("s-maxage=60");

    const gz = await request(`${base}/articles/a`, { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(body);
    const br = await request(`${base}/articles/a`, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(body);
    expect(br.body.length).toBeLessThan(body.length / 10);
    const notBr = await request(`${base}/articles/a`, { headers: { "accept-encoding": "br;q=0, gzip" } });
    expect(notBr.headers["content-encoding"]).toBe("gzip");

    const etag = plain.headers.etag!;
    const notModified = await request(`${base}/articles/a`, { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect((await request(`${base}/articles/a`, { headers: { "if-none-match": '"other"' } })).status).toBe(200);

    const head = await request(`${base}/articles/a`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(body.length));
    expect(seen).toHaveLength(1);
  });

  it("keeps the upstream ETag, and answers If-Modified-Since from a stored Last-Modified, If-None-Match deciding", async () => {
    const modified = "Mon, 30 Nov 2026 08:00:00 GMT";
    const { store, seen, base } = await edgeServer(() => ({
      body: "<rss/>",
      headers: { "content-type": "application/rss+xml", "last-modified": modified, etag: '"feed-1"' },
    }));
    const miss = await request(`${base}/feed.xml`);
    await until(() => store.size === 1);
    // The validator of the first answer is the one hits carry, so the client's copy stays recognised.
    expect((await request(`${base}/feed.xml`)).headers.etag).toBe(miss.headers.etag);
    expect((await request(`${base}/feed.xml`, { headers: { "if-none-match": '"feed-1"' } })).status).toBe(304);
    const since = (value: string, more: Record<string, string> = {}) =>
      request(`${base}/feed.xml`, { headers: { "if-modified-since": value, ...more } });
    const same = await since(modified);
    expect(same.status).toBe(304);
    expect(same.headers["last-modified"]).toBe(modified);
    expect((await since("Mon, 30 Nov 2026 09:00:00 GMT")).status).toBe(304);
    expect((await since("Mon, 30 Nov 2026 07:59:59 GMT")).status).toBe(200);
    expect((await since("not a date")).status).toBe(200);
    expect((await since(modified, { "if-none-match": '"other"' })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("drops an entry when a tag it carries is invalidated, and never keeps a render that began before", async () => {
    let version = 1;
    const { store, seen, base } = await edgeServer(() => ({ body: `<p>v${version}</p>`, delayMs: 30 }));
    await request(`${base}/world`);
    await until(() => store.size === 1);
    version = 2;
    store.invalidate({ tags: ["page:/other"], at: Date.now() });
    expect((await request(`${base}/world`)).body.toString()).toBe("<p>v1</p>");
    store.invalidate({ tags: ["site"], at: Date.now() });
    expect(store.size).toBe(0);

    // A render in flight while an editor saves: its response goes to that reader but is not kept.
    const inFlight = request(`${base}/world`);
    await until(() => seen.length === 2);
    store.invalidate({ tags: ["page:/world"], at: Date.now() });
    expect((await inFlight).body.toString()).toBe("<p>v2</p>");
    await new Promise((r) => setTimeout(r, 50));
    expect(store.size).toBe(0);
  });

  it("keeps a search Next renders per request, until what is published changes", async () => {
    let version = 1;
    const { store, seen, base } = await edgeServer((req) => ({
      body: `<p>results for ${new URL(req.url!, "http://x").searchParams.get("q")} v${version}</p>`,
      // What Next sends for a page it renders per request.
      headers: { "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate", "x-nextjs-cache": "" },
    }));
    // Asked once, it is not kept (a flood of made-up queries must not push pages out); asked again, it is.
    await request(`${base}/search?q=grain`);
    await new Promise((r) => setTimeout(r, 50));
    expect(store.size).toBe(0);
    await request(`${base}/search?q=grain`);
    await until(() => store.size === 1);
    const hit = await request(`${base}/search?q=grain`);
    expect(hit.headers["x-newsroom-cache"]).toBe("hit");
    expect(hit.body.toString()).toBe("<p>results for grain v1</p>");
    // Another query is another entry; a query with more parameters is Next's.
    expect((await request(`${base}/search?q=wheat`)).body.toString()).toBe("<p>results for wheat v1</p>");
    expect((await request(`${base}/search?q=grain&page=2`)).headers["x-newsroom-cache"]).toBeUndefined();
    expect(seen).toHaveLength(4);

    // A story published, edited or unpublished (the latest lists' tag) or a site change drops them all.
    version = 2;
    const at = Date.now();
    store.invalidate({ tags: ["articles:latest"], at });
    // A render that begins in the invalidation's millisecond is not kept (it may predate the change).
    await until(() => Date.now() > at);
    expect((await request(`${base}/search?q=grain`)).body.toString()).toBe("<p>results for grain v2</p>");
    await request(`${base}/search?q=grain`);
    await until(() => store.size === 1);
    store.invalidate({ tags: ["site"], at: Date.now() });
    expect(store.size).toBe(0);
  });

  it("keeps nothing private, stale, cookie-setting or per-visitor, and serves nothing to a signed-in user", async () => {
    const replies: Record<string, Reply> = {
      "/a": { headers: { "set-cookie": "x=1" } },
      "/b": { headers: { "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" } },
      "/c": { headers: { "x-nextjs-cache": "STALE" } },
      "/d": { status: 404 },
    };
    const { store, seen, base } = await edgeServer((req) => replies[req.url!] ?? {});
    for (const path of Object.keys(replies)) await request(`${base}${path}`);
    await request(`${base}/e`, { headers: { cookie: "next-auth.session-token=editor" } });
    await request(`${base}/f`, { headers: { cookie: "comment_pending=1.sig" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(store.size).toBe(0);

    await request(`${base}/g`);
    await until(() => store.size === 1);
    const signedIn = await request(`${base}/g`, { headers: { cookie: "next-auth.session-token=editor" } });
    expect(signedIn.headers["x-newsroom-cache"]).toBeUndefined();
    expect(seen.at(-1)!.headers.cookie).toContain("session-token");
  });
});

// What Next renders around a reader page: its runtime (chunk scripts, their preload, the bundler's
// chunk list, the RSC payload) and what must stay (a stylesheet, React's own Suspense instruction,
// data, the site's own script, and page text that merely mentions the payload).
const NEXT_READER_PAGE = [
  '<!DOCTYPE html><html><head><link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/w.js"/>',
  '<script src="/_next/static/chunks/w.js" async=""></script><script src="/_next/static/chunks/p.js" noModule=""></script>',
  `</head><body><main><p>How self.__next_f.push works</p><p>${"Story text. ".repeat(100)}</p>`,
  '<div hidden id="S:0"><p>late</p></div><script>$RC("B:0","S:0")</script>',
  '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
  '<script src="/reader.js?v=abc" defer=""></script>',
  '<script id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[]})</script>',
  "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
  '<script>self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\u003c/script\\u003e"])</script>',
  "</main></body></html>",
].join("");
const READER_PAGE = [
  '<!DOCTYPE html><html><head><link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  `</head><body><main><p>How self.__next_f.push works</p><p>${"Story text. ".repeat(100)}</p>`,
  '<div hidden id="S:0"><p>late</p></div><script>$RC("B:0","S:0")</script>',
  '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
  '<script src="/reader.js?v=abc" defer=""></script>',
  "</main></body></html>",
].join("");

describe("reader pages leave without Next's client runtime", () => {
  it("for the miss that is kept, the copy that hits, a plain post's answer and a per-visitor page alike", async () => {
    const { store, seen, base } = await edgeServer(() => ({ body: NEXT_READER_PAGE, headers: { etag: '"next-1"' } }));
    const miss = await request(`${base}/articles/a`, { headers: { "accept-encoding": "gzip, br" } });
    // Kept by the store, so sent as identity bytes, with a length and a validator of its own.
    expect(miss.headers["content-encoding"]).toBeUndefined();
    expect(miss.body.toString()).toBe(READER_PAGE);
    expect(Number(miss.headers["content-length"])).toBe(miss.body.length);
    expect(miss.headers.etag).toBe('"next-1-r"');
    expect(seen[0].headers["accept-encoding"]).toBeUndefined();
    await until(() => store.size === 1);
    const hit = await request(`${base}/articles/a`, { headers: { "accept-encoding": "br" } });
    expect(hit.headers["x-newsroom-cache"]).toBe("hit");
    expect(zlib.brotliDecompressSync(hit.body).toString()).toBe(READER_PAGE);
    expect(hit.headers.etag).toBe('"next-1-r"');
    // A browser holding Next's own copy (with the runtime) is not told it is current.
    expect((await request(`${base}/articles/a`, { headers: { "if-none-match": '"next-1"' } })).status).toBe(200);

    // A comment posted without JavaScript (its errors re-rendered) and a signed-in reader's page.
    const posted = await request(`${base}/articles/a`, {
      method: "POST",
      headers: { "accept-encoding": "gzip", "content-type": "multipart/form-data; boundary=x" },
      body: "--x--\r\n",
    });
    expect(posted.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(posted.body).toString()).toBe(READER_PAGE);
    expect(Number(posted.headers["content-length"])).toBe(posted.body.length);
    const signedIn = await request(`${base}/articles/a`, {
      headers: { cookie: "__Secure-next-auth.session-token=x", "accept-encoding": "gzip" },
    });
    expect(signedIn.headers["x-newsroom-cache"]).toBeUndefined();
    expect(zlib.gunzipSync(signedIn.body).toString()).toBe(READER_PAGE);
    expect(seen).toHaveLength(3);
  });

  it("answers Next's empty not-found shell with the site's 404 page, still a 404, on reader addresses only", async () => {
    const shell = '<!DOCTYPE html><html id="__next_error__"><head></head><body><div hidden=""></div></body></html>';
    const notFound = `<!DOCTYPE html><html lang="en"><body><h1>Page not found</h1>${"<p>Try the search.</p>".repeat(60)}</body></html>`;
    const { base } = await edgeServer(
      () => ({ status: 404, body: shell, headers: { "cache-control": "no-store" } }),
      false,
      undefined,
      {
        notFoundPage: async () => Buffer.from(notFound),
      },
    );
    const missing = await request(`${base}/search?q=a&page=9`, { headers: { "accept-encoding": "gzip" } });
    expect(missing.status).toBe(404);
    expect(zlib.gunzipSync(missing.body).toString()).toBe(notFound);
    expect((await request(`${base}/articles/no-such-story`)).body.toString()).toBe(notFound);
    expect(Number(missing.headers["content-length"])).toBe(missing.body.length);
    // The 404 page's own address never loops, and the newsroom keeps Next's answer.
    expect((await request(`${base}/page-not-found`)).body.toString()).toBe(shell);
    expect((await request(`${base}/admin/articles/999`)).body.toString()).toBe(shell);
  });

  it("hands every call on to what Next wraps around the response later: a long feed through its compression ends", async () => {
    // Next's request handler puts its compression middleware on the response after the edge, and pipes
    // a route's body with backpressure: a feed over 16 KB waits for 'drain', which that middleware only
    // passes on once it has seen the headers written through its own wrapper.
    const { default: compression } = (await import("next/dist/compiled/compression/index.js" as string)) as {
      default: () => (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
    };
    const { pipeToNodeResponse } = (await import("next/dist/server/pipe-readable.js" as string)) as {
      pipeToNodeResponse: (body: ReadableStream, res: http.ServerResponse) => Promise<void>;
    };
    const feed = `<feed>${"<entry><title>A story</title></entry>".repeat(2000)}</feed>`;
    const store = new ResponseStore(10 * 1024 * 1024);
    const handler = createEdgeHandler({
      ...{ store, trustProxy: false, https: false, tagsFor: () => ["site"] },
      next: async (req, res) => {
        compression()(req, res, () => {});
        res.setHeader("content-type", "application/atom+xml; charset=utf-8");
        res.setHeader("x-nextjs-cache", "HIT");
        res.setHeader("cache-control", "s-maxage=60");
        await pipeToNodeResponse(new Response(feed).body!, res);
      },
    });
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const encoding of ["gzip", "identity"]) {
      const got = await request(`${base}/authors/elif-arslan/atom.xml?page=2`, {
        headers: { "accept-encoding": encoding },
      });
      expect(got.body.toString()).toBe(feed);
    }
  });

  it("leaves the newsroom's pages, and anything that is not HTML, as Next sends them", async () => {
    const { base } = await edgeServer((req): Reply =>
      req.url === "/feed.xml"
        ? { body: "<rss><script>self.__next_f</script></rss>", headers: { "content-type": "application/rss+xml" } }
        : req.method === "POST"
          ? { status: 303, body: "", headers: { location: "/articles/a#comment-7", "content-type": "text/plain" } }
          : { body: NEXT_READER_PAGE, headers: { "cache-control": "private, no-store" } },
    );
    for (const path of ["/admin", "/admin/articles?page=2", "/login", "/login?callbackUrl=%2Fadmin"])
      expect((await request(`${base}${path}`)).body.toString(), path).toBe(NEXT_READER_PAGE);
    for (const path of ["/administration-news", "/logins-and-passwords", "/search?q=admin"])
      expect((await request(`${base}${path}`)).body.toString(), path).toBe(READER_PAGE);
    expect((await request(`${base}/feed.xml`)).body.toString()).toBe("<rss><script>self.__next_f</script></rss>");
    const redirect = await request(`${base}/articles/a`, { method: "POST", body: "" });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe("/articles/a#comment-7");
  });
});

describe("the hit path on a page that is stored", () => {
  it("still sends per-visitor, signed-in and Next's own requests to Next, whatever the header case or line", async () => {
    const { store, seen, base } = await edgeServer(() => ({ body: "<p>shared</p>" }));
    await request(`${base}/world`);
    await until(() => store.size === 1);
    const bypassing: string[][] = [
      ["Cookie", "theme=dark", "COOKIE", "comment_pending=9.sig"],
      ["cookie", "comment_author=e30;comment_pending=9.sig"],
      ["Cookie", "__Secure-next-auth.session-token.0=abc"],
      ["Authorization", "Basic eDp5"],
      ["RSC", "1"],
      ["Next-Router-Prefetch", "1"],
      ["next-action", "abc"],
      ["Next-Router-Segment-Prefetch", "/_tree"],
    ];
    for (const headers of bypassing) {
      const got = await request(`${base}/world`, { headers });
      expect(got.headers["x-newsroom-cache"], headers.join(": ")).toBeUndefined();
    }
    expect(seen).toHaveLength(1 + bypassing.length);
    const post = await request(`${base}/world`, { method: "POST", body: "x=1" });
    expect(post.headers["x-newsroom-cache"]).toBeUndefined();

    // Unrelated cookies and headers still get the stored page; repeated lines are read as one value.
    const anonymous = await request(`${base}/world`, {
      headers: ["Cookie", "theme=dark", "Accept-Encoding", "identity", "ACCEPT-ENCODING", "gzip", "X-Rsc-Note", "1"],
    });
    expect(anonymous.headers["x-newsroom-cache"]).toBe("hit");
    expect(anonymous.headers["content-encoding"]).toBe("gzip");
    const etag = anonymous.headers.etag!;
    const notModified = await request(`${base}/world`, { headers: ["If-None-Match", '"a"', "if-none-match", etag] });
    expect(notModified.status).toBe(304);
    expect(seen).toHaveLength(2 + bypassing.length);
  });

  it("answers a remembered commenter from the stored page with the form filled in, escaped, for them alone", async () => {
    const { store, seen, base } = await edgeServer(() => ({ body: NEXT_REPLY_FORM_PAGE }));
    await request(`${base}/articles/a`);
    await until(() => store.size === 1);
    const hostile = {
      name: `Ayşe "><script>alert(1)</script>`,
      email: "a'b@example.org",
      url: "$1</script><script>alert(2)</script>",
    };
    const mine = await request(`${base}/articles/a`, {
      headers: ["Cookie", `theme=dark; comment_author=${encodeRemembered(hostile)}`, "Accept-Encoding", "gzip"],
    });
    expect(mine.headers["x-newsroom-cache"]).toBe("hit");
    expect(seen).toHaveLength(1);
    // Theirs alone: no validator to share, no copy kept by the browser or a proxy, never compressed stale bytes.
    expect(mine.headers["cache-control"]).toBe("private, no-store");
    expect(mine.headers.etag).toBeUndefined();
    expect(mine.headers["content-encoding"]).toBeUndefined();
    const html = mine.body.toString();
    expect(Number(mine.headers["content-length"])).toBe(mine.body.length);
    expect(html).toContain('name="author" value="Ayşe &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('name="email" value="a&#39;b@example.org"');
    expect(html).toContain('name="remember" checked=""/>');
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toContain("self.__next_f");

    // The shared copy is untouched: the next anonymous reader gets empty fields.
    const anonymous = await request(`${base}/articles/a`);
    expect(anonymous.body.toString()).toBe(REPLY_FORM_PAGE);

    // A cookie that is not ours to read fills nothing in; a page whose form cannot be filled goes to Next.
    const junk = await request(`${base}/articles/a`, { headers: { cookie: "comment_author=%%%not-base64" } });
    expect(junk.body.toString()).toBe(REPLY_FORM_PAGE);
    expect(junk.headers.etag).toBeDefined();
    const changed = await edgeServer(() => ({
      body: NEXT_REPLY_FORM_PAGE.replace('name="url" value=""', 'name="url"'),
    }));
    await request(`${changed.base}/articles/b`);
    await until(() => changed.store.size === 1);
    const cookie = `comment_author=${encodeRemembered({ name: "A", email: "a@example.org", url: "" })}`;
    const rendered = await request(`${changed.base}/articles/b`, { headers: { cookie } });
    expect(rendered.headers["x-newsroom-cache"]).toBeUndefined();
    expect(changed.seen).toHaveLength(2);
  });

  it("past its s-maxage answers from the old copy, with its Age, only while one request fetches the new one", async () => {
    let clock = 1_000_000;
    let version = 1;
    const { store, seen, base } = await edgeServer(
      () => ({ body: `<p>v${version}</p>`, delayMs: version === 2 ? 150 : 0 }),
      false,
      () => clock,
    );
    await request(`${base}/world`);
    await until(() => store.size === 1);
    clock += 61_000; // s-maxage=60 has passed
    version = 2;
    const refreshing = request(`${base}/world`);
    await until(() => seen.length === 2);
    const meanwhile = await request(`${base}/world`);
    expect(meanwhile.body.toString()).toBe("<p>v1</p>");
    expect(meanwhile.headers["x-newsroom-cache"]).toBe("hit");
    // How old the copy is (RFC 9111 §5.1), so a cache in front does not keep it a whole s-maxage more.
    expect(meanwhile.headers.age).toBe("61");
    const fromNext = await refreshing;
    expect(fromNext.body.toString()).toBe("<p>v2</p>");
    expect(fromNext.headers.age).toBeUndefined();
    await until(() => store.peek("/world")?.bodies.identity.toString() === "<p>v2</p>");
    clock += 2_500;
    const renewed = await request(`${base}/world`);
    expect(renewed.body.toString()).toBe("<p>v2</p>");
    expect(renewed.headers.age).toBe("2");
    expect(seen).toHaveLength(2);

    // A remembered commenter cannot refresh it (Next renders their own variant): within the grace they
    // get the old copy, past it they wait for Next like everyone.
    clock += 61_000;
    version = 3;
    const remembered = { cookie: "comment_author=e30" };
    expect((await request(`${base}/world`, { headers: remembered })).body.toString()).toBe("<p>v2</p>");
    expect(seen).toHaveLength(2);
    clock += 200_000;
    expect((await request(`${base}/world`, { headers: remembered })).body.toString()).toBe("<p>v3</p>");

    // Long past its s-maxage, nothing old is served: the request waits for Next.
    version = 4;
    expect((await request(`${base}/world`)).body.toString()).toBe("<p>v4</p>");
  });

  it("is compressed fast when kept, and at the best levels once it is still read 10 s later", async () => {
    // A page's worth of varied prose (a repeated word compresses the same at every level).
    const words = ["ministers", "talks", "Istanbul", "ceasefire", "delegation", "grain", "corridor", "said"];
    let seed = 7;
    const next = () => Math.floor((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 16);
    const prose = Array.from({ length: 6_000 }, () => `${words[next() % 8]} ${next() % 1_000}`);
    const body = `<article><p>${prose.join(" ")}</p></article>`;
    let clock = 1_000_000;
    const { store, seen, base } = await edgeServer(
      () => ({ body }),
      false,
      () => clock,
    );
    await request(`${base}/articles/a`);
    await until(() => store.size === 1);
    const sizes = async () => {
      const br = await request(`${base}/articles/a`, { headers: { "accept-encoding": "br" } });
      const gz = await request(`${base}/articles/a`, { headers: { "accept-encoding": "gzip" } });
      expect(zlib.brotliDecompressSync(br.body).toString()).toBe(body);
      expect(zlib.gunzipSync(gz.body).toString()).toBe(body);
      return { br: br.body.length, gzip: gz.body.length };
    };
    const fast = await sizes();
    expect(store.peek("/articles/a")?.compression).toBe("fast");
    // Read again within the 10 s: still the fast copy.
    clock += 5_000;
    expect(await sizes()).toEqual(fast);
    clock += 5_000;
    await sizes();
    await expect.poll(() => store.peek("/articles/a")?.compression, { timeout: 10_000 }).toBe("best");
    const best = await sizes();
    expect(best.br).toBeLessThan(fast.br);
    expect(best.gzip).toBeLessThanOrEqual(fast.gzip);
    expect(seen).toHaveLength(1);

    // A new copy kept `after` ms from now, then read 10 s later: it is being compressed again.
    const keptAndRecompressing = async (after: number) => {
      clock += after;
      await request(`${base}/articles/a`);
      await until(() => store.peek("/articles/a")?.storedAt === clock);
      clock += 10_000;
      await request(`${base}/articles/a`);
      expect(store.recompressing).toBe(1);
    };

    // A copy invalidated while it is compressed again is not brought back by it.
    await keptAndRecompressing(61_000);
    store.invalidate({ tags: ["site"], at: clock });
    await store.recompressed();
    expect(store.peek("/articles/a")).toBeUndefined();
    expect(store.totalBytes).toBe(0);

    // Nor does it replace a newer copy kept meanwhile.
    await keptAndRecompressing(1_000);
    const newer = await buildStoredResponse({
      ...{ status: 200, headers: { "content-type": "text/html" }, body: Buffer.from("<p>newer</p>"), tags: ["site"] },
      ...{ storedAt: clock, ttlSeconds: 60, extraHeaders: [] },
    });
    store.set("/articles/a", newer);
    await store.recompressed();
    expect(store.peek("/articles/a")).toBe(newer);
  });
});

describe("the edge before Next", () => {
  it("always decides the client IP itself: a client's header under that name or X-Forwarded-For is ignored", async () => {
    const { seen, base } = await edgeServer(() => ({}));
    await request(`${base}/login?page=1`, {
      method: "POST",
      headers: {
        "x-forwarded-for": "6.6.6.6",
        "x-newsroom-client-ip": "7.7.7.7",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "email=a&password=b",
    });
    expect(seen[0].headers["x-newsroom-client-ip"]).toBe("127.0.0.1");
    expect(seen[0].rawHeaders.map((h) => h.toLowerCase())).not.toContain("x-newsroom-client-ip");
  });

  it("with TRUST_PROXY takes the right-most X-Forwarded-For entry", async () => {
    const { seen, base } = await edgeServer(() => ({}), true);
    await request(`${base}/`, { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.9" } });
    expect(seen[0].headers["x-newsroom-client-ip"]).toBe("198.51.100.9");
  });

  it("refuses a path that cannot be decoded with 400 before Next sees it", async () => {
    const { seen, base } = await edgeServer(() => ({}));
    for (const path of ["/articles/%ff", "/tags/%E0%A4%A", "/uploads/x%ff?q=1"])
      expect((await request(`${base}${path}`)).status, path).toBe(400);
    expect((await request(`${base}/search?q=%ff`)).status).toBe(200);
    expect((await request(`${base}/articles/caf%C3%A9`)).status).toBe(200);
    expect(seen.map((r) => r.url)).toEqual(["/search?q=%ff", "/articles/caf%C3%A9"]);
  });

  it("refuses an oversized public post with 413 before Next sees it, and sets the security headers", async () => {
    const { seen, base } = await edgeServer(() => ({}));
    const refused = await request(`${base}/articles/a`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "comment=" + "x".repeat(300 * 1024),
    });
    expect(refused.status).toBe(413);
    expect(refused.body.length).toBeLessThan(100);
    expect(refused.headers["x-frame-options"]).toBe("DENY");
    expect(seen).toHaveLength(0);
    const fine = await request(`${base}/articles/a`, { method: "POST", body: "comment=" + "x".repeat(65_525) });
    expect(fine.status).toBe(200);
    expect(fine.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});

describe("files the edge keeps: build output, public/, icons, resized images", () => {
  const script = "console.log('chunk');".repeat(300);
  async function filesServer(reply: (req: http.IncomingMessage) => Reply) {
    const files = new ResponseStore(1024 * 1024);
    const server = await edgeServer(reply, false, undefined, {
      files,
      publicFiles: new Set(["/brand/icon-192.png", "/reader.js"]),
    });
    return { ...server, files };
  }

  it("answers a script from memory after Next's first answer: immutable, gzip, brotli, ETag and 304, for everyone", async () => {
    const { files, seen, base } = await filesServer(() => ({
      body: script,
      headers: {
        "content-type": "application/javascript; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
      },
    }));
    const url = `${base}/_next/static/chunks/abc123.js`;
    expect((await request(url, { headers: { "accept-encoding": "br" } })).body.toString()).toBe(script);
    expect(seen[0].headers["accept-encoding"]).toBeUndefined();
    await until(() => files.size === 1);
    const br = await request(url, { headers: { "accept-encoding": "gzip, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // A signed-in editor gets the same build output: nothing in it is theirs.
    const signedIn = await request(url, {
      headers: { cookie: "next-auth.session-token=abc", "accept-encoding": "gzip" },
    });
    expect(zlib.gunzipSync(signedIn.body).toString()).toBe(script);
    expect((await request(url, { headers: { "if-none-match": br.headers.etag! } })).status).toBe(304);
    expect(seen).toHaveLength(1);
    // A query string, an encoded or climbing path is Next's alone (sent as written: URL parsing would resolve it).
    const { port } = new URL(base);
    for (const odd of [
      "/_next/static/chunks/abc123.js?v=2",
      "/_next/static/chunks/%2e%2e/x.js",
      "/_next/static/../x.js",
    ])
      await new Promise((resolve) =>
        http.get({ host: "127.0.0.1", port, path: odd }, (res) => res.resume().on("end", resolve)),
      );
    expect(seen.map((req) => req.url).slice(1)).toEqual([
      "/_next/static/chunks/abc123.js?v=2",
      "/_next/static/chunks/%2e%2e/x.js",
      "/_next/static/../x.js",
    ]);
    expect([...(files as unknown as { entries: Map<string, unknown> }).entries.keys()]).toEqual([
      "/_next/static/chunks/abc123.js",
    ]);
  });

  it("keeps only Next's 200s: a missing file is asked of Next each time", async () => {
    const { files, seen, base } = await filesServer(() => ({ status: 404, body: "no" }));
    await request(`${base}/_next/static/chunks/missing.js`);
    await request(`${base}/_next/static/chunks/missing.js`);
    expect(seen).toHaveLength(2);
    expect(files.size).toBe(0);
  });

  it("keeps a resized image per Accept (Next picks the format from it), with Vary: Accept, and no made-up query variants", async () => {
    const { files, seen, base } = await filesServer((req) => ({
      body: req.headers.accept?.includes("image/avif") ? "AVIF" : "WEBP",
      headers: { "content-type": "image/x", vary: "Accept", "cache-control": "public, max-age=14400, must-revalidate" },
    }));
    const image = `${base}/_next/image?url=%2Fuploads%2Fa.jpg&w=640&q=75`;
    const avif = { accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8" };
    const webp = { accept: "image/webp,*/*" };
    await request(image, { headers: avif });
    await request(image, { headers: webp });
    await until(() => files.size === 2);
    const fromAvif = await request(image, { headers: avif });
    expect(fromAvif.body.toString()).toBe("AVIF");
    expect(fromAvif.headers.vary).toBe("Accept");
    expect(fromAvif.headers["content-encoding"]).toBeUndefined();
    expect((await request(image, { headers: { ...webp, "accept-encoding": "br" } })).body.toString()).toBe("WEBP");
    expect(seen).toHaveLength(2);
    await request(`${image}&x=1`, { headers: avif });
    await request(`${image}&x=2`, { headers: avif });
    expect(seen).toHaveLength(4);
    expect(files.size).toBe(2);
  });

  it("sends a hashed icon address as immutable, and keeps public/ files", async () => {
    const { seen, files, base } = await filesServer((req) => ({
      body: req.url?.startsWith("/icon") ? "<svg/>" : "PNG",
      headers: {
        "content-type": req.url?.startsWith("/icon") ? "image/svg+xml" : "image/png",
        "cache-control": "public, max-age=0, must-revalidate",
      },
    }));
    await request(`${base}/icon.svg?icon.0abc.svg`);
    await request(`${base}/brand/icon-192.png`);
    await until(() => files.size === 2);
    const icon = await request(`${base}/icon.svg?icon.0abc.svg`);
    expect(icon.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(icon.headers["x-newsroom-cache"]).toBe("hit");
    // Chromium's own favicon fetch asks with an `=` after the hash: the same copy.
    const favicon = await request(`${base}/icon.svg?icon.0abc.svg=`);
    expect(favicon.headers["x-newsroom-cache"]).toBe("hit");
    expect(favicon.body).toEqual(icon.body);
    const png = await request(`${base}/brand/icon-192.png`);
    expect(png.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(
      (await request(`${base}/brand/icon-192.png`, { headers: { "if-none-match": png.headers.etag! } })).status,
    ).toBe(304);
    expect(seen).toHaveLength(2);
  });

  it("sends the reader's script at its hashed address as immutable, one copy whatever the hash, and nothing else", async () => {
    const { seen, files, base } = await filesServer((req) => ({
      body: req.url?.startsWith("/reader.js") ? "(() => {})();" : "secret",
      headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "public, max-age=0" },
    }));
    await request(`${base}/reader.js?v=abc123`);
    await until(() => files.size === 1);
    const hit = await request(`${base}/reader.js?v=def456`);
    expect(hit.headers["x-newsroom-cache"]).toBe("hit");
    expect(hit.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(hit.body.toString()).toBe("(() => {})();");
    // Not public/'s files, or not the one query shape: Next answers each time and nothing is kept.
    for (const path of ["/news.db?v=abc", "/reader.js?v=../../x", "/reader.js?v=abc&w=1", "/data/x.js?v=a"])
      await request(`${base}${path}`);
    expect(files.size).toBe(1);
    expect(seen).toHaveLength(5);
  });
});
