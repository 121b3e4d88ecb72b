import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hitKey, READER_ROUTES } from "@/lib/edge/hit-path";

// READER_ROUTES (lib/edge/hit-path.ts) is kept by hand. Every route under app/ must be one the hit path
// answers (an anonymous reader's copy kept in memory) or be listed here, with the reason it is left to
// Next; a new route that is neither fails here instead of quietly going uncached.

const APP = path.resolve(import.meta.dirname, "../app");

/** Left to Next, by route (or every route below it), and why. */
const LEFT_TO_NEXT: Record<string, string> = {
  "/admin": "the newsroom: per user, behind sign-in",
  "/api": "NextAuth and the health check: per request",
  "/login": "the sign-in form: per visitor (its error, its return address)",
  "/search": "kept by its own rule, only as `/search?q=…` (isSearch; tests/edge-rules.test.ts)",
  "/articles/[slug]/respond": "the per-visitor variant proxy.ts sends commenters to",
  "/uploads/[name]": "images with a year-long immutable Cache-Control: browsers and CDNs keep them",
  "/old-link": "WordPress addresses next.config.js rewrites here, answered with a 301 or a 404",
  "/manifest.webmanifest": "a file of the build (app/manifest.ts), no cache tags to keep it by",
  "/icon.svg": "a file of the build, no cache tags to keep it by",
  "/apple-icon.png": "a file of the build, no cache tags to keep it by",
  "/subscribe":
    "newsletters: the signup page is kept by Next's own cache (revalidate 60); below it, signed links per reader and the one-click POST",
};

// A value per dynamic segment, as a reader's address has it; an optional catch-all is tried empty and
// as the later page of a list.
const SAMPLES: Record<string, string[]> = {
  "[slug]": ["a-slug"],
  "[commentPage]": ["comment-page-2"],
  "[tag]": ["a-tag"],
  "[section]": ["world"],
  "[file]": ["articles-1.xml"],
  "[[...page]]": ["", "page/2"],
};

// Metadata files answer at their own name: app/robots.ts is /robots.txt.
const METADATA_ROUTES: Record<string, string> = {
  "robots.ts": "robots.txt",
  "manifest.ts": "manifest.webmanifest",
  "icon.svg": "icon.svg",
  "apple-icon.png": "apple-icon.png",
};

/** Every route under app/, as its address pattern (`/articles/[slug]`), route groups left out. */
function appRoutes(dir = APP, segments: string[] = []): string[] {
  const routes: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
      routes.push(...appRoutes(path.join(dir, entry.name), [...segments, ...segment]));
    } else if (entry.name === "page.tsx" || entry.name === "route.ts") {
      routes.push(`/${segments.join("/")}`);
    } else if (METADATA_ROUTES[entry.name] && segments.length === 0) {
      routes.push(`/${METADATA_ROUTES[entry.name]}`);
    }
  }
  return routes;
}

function leftToNext(route: string): string | undefined {
  const owner = Object.keys(LEFT_TO_NEXT).find((r) => route === r || route.startsWith(`${r}/`));
  return owner && LEFT_TO_NEXT[owner];
}

/** The addresses a reader would use for a route pattern. */
function sampleUrls(route: string): string[] {
  let urls = [""];
  for (const segment of route.split("/").slice(1)) {
    const values = /^\[/.test(segment) ? SAMPLES[segment] : [segment];
    if (!values) throw new Error(`${route}: add a sample value for ${segment} to SAMPLES`);
    urls = urls.flatMap((url) => values.map((v) => (v === "" ? url : `${url}/${v}`)));
  }
  return urls.map((url) => url || "/");
}

/** The named rules of READER_ROUTES that match `url` whole. */
function rulesMatching(url: string): string[] {
  return Object.entries(READER_ROUTES)
    .filter(([, pattern]) => new RegExp(`^(?:${pattern})$`).test(url))
    .map(([name]) => name);
}

/** The routes (with the address tried) that neither a rule of the hit path answers nor LEFT_TO_NEXT lists. */
function uncovered(routes: string[]): string[] {
  const found: string[] = [];
  for (const route of routes) {
    if (leftToNext(route)) continue;
    for (const url of sampleUrls(route)) {
      // Any single segment has the section rule's shape; only the section route may count on it.
      const rules = rulesMatching(url).filter((name) => name !== "section" || route.startsWith("/[section]"));
      if (rules.length === 0 || hitKey({ method: "GET", url, headers: {} }) !== url) found.push(`${route} (${url})`);
    }
  }
  return found;
}

describe("the hit path's reader routes", () => {
  const routes = appRoutes();

  it("are found in app/", () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        "/",
        "/articles/[slug]",
        "/[section]/[[...page]]",
        "/tags/[tag]/feed.xml",
        "/robots.txt",
      ]),
    );
  });

  it("cover every route under app/ that is not deliberately left to Next", () => {
    expect(uncovered(routes), "add these to READER_ROUTES, or to LEFT_TO_NEXT with a reason").toEqual([]);
  });

  it("would catch a new route that is neither", () => {
    expect(uncovered(["/humans.txt", "/tags/[tag]/archive", "/articles/[slug]/print"])).toEqual([
      "/humans.txt (/humans.txt)",
      "/tags/[tag]/archive (/tags/a-tag/archive)",
      "/articles/[slug]/print (/articles/a-slug/print)",
    ]);
  });

  it("list nothing as left to Next that is no longer a route", () => {
    const stale = Object.keys(LEFT_TO_NEXT).filter(
      (r) => !routes.some((route) => route === r || route.startsWith(`${r}/`)),
    );
    expect(stale).toEqual([]);
  });
});
