import { describe, expect, it } from "vitest";
import { bodyRefusal, PUBLIC_BODY_LIMIT, STAFF_BODY_LIMIT } from "@/lib/edge/body-limit";
import { clientIp } from "@/lib/edge/client-ip";
import { hitKey } from "@/lib/edge/hit-path";
import { contentSecurityPolicy, securityHeaders } from "@/lib/edge/security-headers";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";

describe("client IP", () => {
  it("without TRUST_PROXY is the socket's, whatever X-Forwarded-For says", () => {
    expect(clientIp("203.0.113.5", "6.6.6.6", false)).toBe("203.0.113.5");
    expect(clientIp("203.0.113.5", ["6.6.6.6", "7.7.7.7"], false)).toBe("203.0.113.5");
    expect(clientIp("::ffff:127.0.0.1", undefined, false)).toBe("127.0.0.1");
  });

  it("with TRUST_PROXY is the right-most X-Forwarded-For entry, the one our proxy appended", () => {
    expect(clientIp("10.0.0.1", "6.6.6.6, 198.51.100.2", true)).toBe("198.51.100.2");
    expect(clientIp("10.0.0.1", ["6.6.6.6", "198.51.100.3"], true)).toBe("198.51.100.3");
    expect(clientIp("10.0.0.1", "198.51.100.4, ", true)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.1", undefined, true)).toBe("10.0.0.1");
    expect(clientIp("10.0.0.1", " , ", true)).toBe("10.0.0.1");
  });
});

describe("body limit", () => {
  const post = (pathname: string, length: number | undefined, hasSession = false, chunked = false) =>
    bodyRefusal({
      method: "POST",
      pathname,
      contentLength: length === undefined ? undefined : String(length),
      chunked,
      hasSession,
    });

  it("refuses public posts beyond the largest legitimate form", () => {
    expect(post("/articles/a", 70_000 * 3)).toBeNull();
    expect(post("/articles/a", PUBLIC_BODY_LIMIT + 1)).toBe(413);
    expect(post("/login", 1_000_000)).toBe(413);
    expect(post("/api/auth/callback/credentials", 1_000_000)).toBe(413);
    // An upload-sized post to the newsroom without a session is a public post.
    expect(post("/admin/articles/new", 1_000_000)).toBe(413);
  });

  it("keeps the upload limit for the newsroom with a session", () => {
    expect(post("/admin/articles/new", 5_000_000, true)).toBeNull();
    expect(post("/admin/articles/new", STAFF_BODY_LIMIT + 1, true)).toBe(413);
    // A session does not raise the limit outside the newsroom.
    expect(post("/articles/a", 1_000_000, true)).toBe(413);
  });

  it("asks for a length instead of reading a streamed body, and refuses nonsense lengths", () => {
    expect(post("/articles/a", undefined, false, true)).toBe(411);
    expect(bodyRefusal({ method: "POST", pathname: "/", contentLength: "-1", chunked: false, hasSession: false })).toBe(
      413,
    );
    expect(
      bodyRefusal({ method: "GET", pathname: "/", contentLength: undefined, chunked: false, hasSession: false }),
    ).toBeNull();
  });
});

describe("security headers", () => {
  it("refuse framing, sniffing and scripts, objects, forms and <base> from other origins", () => {
    const headers = Object.fromEntries(securityHeaders({ https: false, dev: false }));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    const csp = contentSecurityPolicy(false);
    for (const directive of [
      "script-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toContain("unsafe-eval");
  });

  it("add HSTS only over https", () => {
    const headers = Object.fromEntries(securityHeaders({ https: true, dev: false }));
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  });
});

describe("the hit path", () => {
  const get = (url: string, headers: Record<string, string> = {}, method = "GET") => hitKey({ method, url, headers });

  it("takes anonymous GET and HEAD of reader pages, feeds and sitemaps", () => {
    for (const url of [
      "/",
      "/world",
      "/world/page/2",
      "/articles/a-story",
      "/articles/a-story/comment-page-2",
      "/tags/istanbul",
      "/tags/istanbul/page/3",
      "/authors/jane-doe",
      "/feed.xml",
      "/atom.xml",
      "/world/feed.xml",
      "/world/atom.xml",
      "/tags/istanbul/feed.xml",
      "/authors/jane-doe/atom.xml",
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/news-sitemap.xml",
      "/robots.txt",
    ])
      expect(get(url), url).toBe(url);
    for (const url of ["/admin/feed.xml", "/search/atom.xml", "/world/other.xml", "/articles/a/feed.xml"])
      expect(get(url), url).toBeNull();
    expect(get("/world", {}, "HEAD")).toBe("/world");
  });

  it("takes a search with its one parameter, and nothing else with a query string", () => {
    for (const url of ["/search?q=istanbul", "/search?q=black+sea", "/search?q=%C3%A7ay", "/search?q=%22grain+deal%22"])
      expect(get(url), url).toBe(url);
    for (const url of [
      "/search",
      "/search?",
      "/search?q=",
      "/search?q=a&page=2",
      "/search?page=2&q=a",
      "/search?q=a#x",
      "/search?q=%ff",
      `/search?q=${"a".repeat(201)}`,
      "/search/?q=a",
      "/world?q=a",
      "/articles/a?q=a",
    ])
      expect(get(url), url).toBeNull();
    expect(get("/search?q=a", { cookie: "next-auth.session-token=x" })).toBeNull();
  });

  it("leaves the newsroom, APIs, sign-in, search, Next's files, uploads and per-visitor routes to Next", () => {
    for (const url of [
      "/admin",
      "/admin/articles",
      "/api/health",
      "/api/auth/session",
      "/login",
      "/search",
      "/_next/static/chunks/a.js",
      "/_next/data/x.json",
      "/uploads/a.jpg",
      "/articles/a-story/respond",
      "/articles/a-story/comment-page-0",
      "/articles/a-story/comment-page-2/respond",
      "/articles",
      "/articles/",
      "/world/",
      "/a/b/c",
    ])
      expect(get(url), url).toBeNull();
  });

  it("leaves every query string to Next: replies, paging, search terms", () => {
    expect(get("/articles/a-story?replytocom=4")).toBeNull();
    expect(get("/world?page=2")).toBeNull();
    expect(get("/?utm_source=x")).toBeNull();
  });

  it("is bypassed by a session or commenter cookie, but not by unrelated cookies", () => {
    for (const cookie of [
      "next-auth.session-token=abc",
      "__Secure-next-auth.session-token=abc",
      "next-auth.session-token.0=abc",
      `theme=dark; ${REMEMBER_COOKIE}=x`,
      `${PENDING_COOKIE}=y`,
    ])
      expect(get("/articles/a-story", { cookie }), cookie).toBeNull();
    expect(get("/articles/a-story", { cookie: "theme=dark; next-auth.csrf-token=x" })).toBe("/articles/a-story");
  });

  it("is bypassed by posts and by Next's own navigation, action and prefetch requests", () => {
    expect(get("/", {}, "POST")).toBeNull();
    for (const name of ["rsc", "next-action", "next-router-prefetch", "next-router-state-tree", "next-url"])
      expect(get("/", { [name]: "1" }), name).toBeNull();
    expect(get("/", { authorization: "Basic x" })).toBeNull();
  });
});
