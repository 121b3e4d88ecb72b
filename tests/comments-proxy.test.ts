import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";
import { config, proxy } from "@/proxy";

const origin = "http://localhost:3000";

function run(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return proxy(new NextRequest(new URL(path, origin), init));
}

const rewriteOf = (res: Response) => res.headers.get("x-middleware-rewrite");

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxy: commenters get the per-visitor article route", () => {
  it("rewrites an article request carrying a commenter cookie or ?replytocom, keeping the query", async () => {
    for (const headers of [{ cookie: `${REMEMBER_COOKIE}=x` }, { cookie: `${PENDING_COOKIE}=y` }]) {
      expect(rewriteOf(await run("/articles/some-story", { headers }))).toBe(`${origin}/articles/some-story/respond`);
    }
    expect(rewriteOf(await run("/articles/some-story?replytocom=7"))).toBe(
      `${origin}/articles/some-story/respond?replytocom=7`,
    );
  });

  it("leaves other article requests and other pages alone", async () => {
    expect(rewriteOf(await run("/articles/some-story", { headers: { cookie: "theme=dark" } }))).toBeNull();
    expect(rewriteOf(await run("/world", { headers: { cookie: `${REMEMBER_COOKIE}=x` } }))).toBeNull();
  });

  it("names the same cookies in its static matcher, and plain article requests are not matched", () => {
    const conditional = config.matcher.filter((m) => typeof m !== "string");
    const keys = conditional.flatMap((m) => m.has.map((h) => `${h.type}:${h.key}`));
    expect(keys).toEqual(
      expect.arrayContaining([`cookie:${REMEMBER_COOKIE}`, `cookie:${PENDING_COOKIE}`, "query:replytocom"]),
    );
    // The only unconditional entries are the admin gate, never a reader page.
    expect(config.matcher.filter((m) => typeof m === "string")).toEqual(["/admin", "/admin/:path*"]);
  });
});
