import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Invalidation } from "@/lib/cache/bus.mjs";
import { createScheduleSweep } from "@/lib/cache/schedule";
import { CACHE_TAGS, SCHEDULE_GRANULARITY_SECONDS } from "@/lib/cache/tags";

const story = { slug: "due", sectionId: 2, tagIds: [5], authorIds: [7], public: true };

describe("the scheduled-story sweep", () => {
  it("publishes the tags of each story that came due since the last tick, stamped with its due time", async () => {
    const asked: [number, number][] = [];
    const published: Invalidation[] = [];
    const tick = createScheduleSweep(
      {
        comingDue: async (after, upTo) => {
          asked.push([after, upTo]);
          return after < 1500 && 1500 <= upTo ? [{ publishedAt: 1500, state: story }] : [];
        },
        importsEnded: async () => [],
      },
      (m) => published.push(m),
      1000,
    );
    await tick(2000);
    await tick(3000);
    expect(asked).toEqual([
      [1000, 2000],
      [2000, 3000],
    ]);
    expect(published).toEqual([
      {
        at: 1500,
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
