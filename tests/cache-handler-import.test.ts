import { describe, expect, it } from "vitest";
import MemoryCacheHandler from "@/lib/cache/cache-handler.mjs";
import { createScheduleSweep } from "@/lib/cache/schedule";
import { listScheduledComingDue } from "@/lib/data/admin-articles";
import { endImportRun, listImportsEnded, startImportRun } from "@/lib/data/import-runs";

// The import command runs in a process of its own; the server's caches learn of it from the database:
// the sweep sees the run's end and drops every page rendered before it, through the same bus as edits.
const page = (html: string) => ({ kind: "APP_PAGE", html, headers: { "x-next-cache-tags": "site" } });

describe("the page cache after an import from another process", () => {
  it("drops pages rendered before the import ended, and keeps those rendered after", async () => {
    const tick = createScheduleSweep({ comingDue: listScheduledComingDue, importsEnded: listImportsEnded });
    const cache = new MemoryCacheHandler({});
    await cache.set("/", page("<p>before the import</p>"), { cacheControl: { revalidate: 60 } });
    await tick();
    expect((await cache.get("/", { kind: "APP_PAGE" }))?.value.html).toBe("<p>before the import</p>");

    const run = await startImportRun("export.xml", 100);
    // A run that failed part-way has written whole batches too: its end counts the same.
    await endImportRun(run, { error: "The file ended early." });
    await tick(Date.now() + 1);
    // The next render begins once the sweep has seen the end: a later millisecond than its message.
    const seen = Date.now() + 1;
    while (Date.now() <= seen) await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get("/", { kind: "APP_PAGE" })).toBeNull();

    await cache.set("/", page("<p>after the import</p>"), { cacheControl: { revalidate: 60 } });
    await tick(Date.now() + 2);
    expect((await cache.get("/", { kind: "APP_PAGE" }))?.value.html).toBe("<p>after the import</p>");
  });
});
