import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Invalidation } from "@/lib/cache/bus.mjs";
import MemoryCacheHandler from "@/lib/cache/cache-handler.mjs";
import { createScheduleSweep } from "@/lib/cache/schedule";
import { CACHE_TAGS, SCHEDULE_GRANULARITY_SECONDS } from "@/lib/cache/tags";

const story = { slug: "due", sectionId: 2, tagIds: [5], authorIds: [7], public: true };
// The home page as Next keeps it: its tags in the header Next writes.
const latestPage = {
  kind: "APP_PAGE",
  html: "<p>without the story</p>",
  headers: { "x-next-cache-tags": CACHE_TAGS.latest },
};

describe("the scheduled-story sweep", () => {
  it("publishes the tags of each story that came due since the last tick, stamped with when the tick saw it", async () => {
    // Ticks a minute ahead of the real clock: their own moments are the latest the sweep knows of.
    const t = Date.now() + 60_000;
    const asked: [number, number][] = [];
    const published: Invalidation[] = [];
    const tick = createScheduleSweep(
      {
        comingDue: async (after, upTo) => {
          asked.push([after, upTo]);
          return after < t + 1500 && t + 1500 <= upTo ? [{ publishedAt: t + 1500, state: story }] : [];
        },
        importsEnded: async () => [],
      },
      (m) => published.push(m),
      t + 1000,
    );
    await tick(t + 2000);
    await tick(t + 3000);
    expect(asked).toEqual([
      [t + 1000, t + 2000],
      [t + 2000, t + 3000],
    ]);
    // Not t + 1500: a page rendered between the due moment and the tick read the data from before it.
    expect(published).toEqual([
      {
        at: t + 2000,
        tags: expect.arrayContaining([
          CACHE_TAGS.latest,
          CACHE_TAGS.article("due"),
          CACHE_TAGS.section(2),
          CACHE_TAGS.tag(5),
          CACHE_TAGS.author(7),
        ]),
      },
    ]);
  });

  it("drops a page rendered after a story came due but before the tick saw it (it read the data from before)", async () => {
    const cache = new MemoryCacheHandler({});
    const due = Date.now();
    const tick = createScheduleSweep(
      {
        comingDue: async (after, upTo) => (after < due && due <= upTo ? [{ publishedAt: due, state: story }] : []),
        importsEnded: async () => [],
      },
      undefined,
      due - 1_000,
    );
    // A render that begins a millisecond after the story's moment, before any tick: what it read of the
    // latest stories was cached before the story came due, and nothing has invalidated it yet.
    while (Date.now() <= due) await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get("/", { kind: "APP_PAGE" })).toBeNull();
    await cache.set("/", latestPage, { cacheControl: { revalidate: 60 } });
    expect(await cache.get("/", { kind: "APP_PAGE" })).not.toBeNull();
    await tick();
    expect(await cache.get("/", { kind: "APP_PAGE" })).toBeNull();
  });

  it("asks again for a window whose check failed", async () => {
    const asked: [number, number][] = [];
    let fail = true;
    const tick = createScheduleSweep(
      {
        comingDue: async (after, upTo) => {
          asked.push([after, upTo]);
          if (fail) throw new Error("database busy");
          return [];
        },
        importsEnded: async () => [],
      },
      () => {},
      1000,
    );
    await expect(tick(2000)).rejects.toThrow();
    fail = false;
    await tick(3000);
    expect(asked.at(-1)).toEqual([1000, 3000]);
  });
});

describe("route revalidation", () => {
  // Next reads `export const revalidate` statically, so it must be a literal in each route file; this
  // ties every literal to the one constant.
  it("every cached reader route revalidates at SCHEDULE_GRANULARITY_SECONDS", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|tsx)$/.test(entry.name)) {
          const match = /export const revalidate = (\d+);/.exec(fs.readFileSync(file, "utf8"));
          if (match) {
            found.push(file);
            expect(Number(match[1]), file).toBe(SCHEDULE_GRANULARITY_SECONDS);
          }
        }
      }
    };
    walk(path.join(process.cwd(), "app"));
    expect(found.length).toBeGreaterThanOrEqual(8);
  });
});
