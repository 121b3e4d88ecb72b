import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";
import { config, proxy } from "@/proxy";

const origin = "http://localhost:3000";

function run(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return proxy(new NextRequest(new URL(path, origin), init));
}

const rewriteOf = (res: Response) => res.headers.get("x-middleware-rewrite");
const forwardedRequestHeaders = (res: Response) => res.headers.get("x-middleware-override-headers")?.split(",") ?? [];

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxy: commenters get the per-visitor article route", () => {
  it("rewrites an article request carrying a commenter cookie or ?replytocom, keeping the query", () => {
    for (const headers of [{ cookie: `${REMEMBER_COOKIE}=x` }, { cookie: `${PENDING_COOKIE}=y` }]) {
      expect(rewriteOf(run("/articles/some-story", { headers }))).toBe(`${origin}/articles/some-story/respond`);
    }
    expect(rewriteOf(run("/articles/some-story?replytocom=7"))).toBe(`${origin}/articles/some-story/respond?replytocom=7`);
  });

  it("leaves other article requests and other pages alone", () => {
    expect(rewriteOf(run("/articles/some-story", { headers: { cookie: "theme=dark" } }))).toBeNull();
    expect(rewriteOf(run("/world", { headers: { cookie: `${REMEMBER_COOKIE}=x` } }))).toBeNull();
  });

  it("names the same cookies in its static matcher, and plain article requests are not matched", () => {
    const keys = config.matcher.flatMap((m) => m.has.map((h) => `${h.type}:${h.key}`));
    expect(keys).toEqual(expect.arrayContaining([`cookie:${REMEMBER_COOKIE}`, `cookie:${PENDING_COOKIE}`, "query:replytocom", "header:next-action"]));
    expect(config.matcher.every((m) => m.has.length > 0)).toBe(true);
  });
});

describe("proxy: client IP of server action posts", () => {
  const post = { method: "POST", headers: { "x-forwarded-for": "6.6.6.6", "next-action": "abc" } };

  it("drops a client-supplied X-Forwarded-For unless TRUST_PROXY=1, so Next fills it from the socket", () => {
    vi.stubEnv("TRUST_PROXY", "");
    const untrusted = run("/articles/some-story", post);
    expect(forwardedRequestHeaders(untrusted)).not.toContain("x-forwarded-for");
    expect(forwardedRequestHeaders(untrusted)).toContain("next-action");

    vi.stubEnv("TRUST_PROXY", "1");
    const trusted = run("/articles/some-story", post);
    expect(forwardedRequestHeaders(trusted)).toContain("x-forwarded-for");
    expect(trusted.headers.get("x-middleware-request-x-forwarded-for")).toBe("6.6.6.6");
  });
});
