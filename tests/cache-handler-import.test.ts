import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { importRuns } from "@/db/schema/sqlite";
import { migrateSqlite } from "@/db/migrate-sqlite";
import MemoryCacheHandler from "@/lib/cache/cache-handler.mjs";
import { openSqliteFile } from "./support/sqlite-file";

// The import command runs in a process of its own; the server's in-memory cache learns of it from the
// database: pages rendered before the latest import run ended are not served again.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-import-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const page = (html: string) => ({ kind: "APP_PAGE", html, headers: { "x-next-cache-tags": "site" } });

describe("the page cache after an import from the command line", () => {
  it("drops pages rendered before the import ended, and keeps those rendered after", async () => {
    const file = path.join(dir, "news.db");
    const other = openSqliteFile(file);
    migrateSqlite(other.$client, MIGRATIONS_FOLDER);
    process.env.DATABASE_PATH = file;

    const cache = new MemoryCacheHandler({});
    await cache.set("/", page("<p>before the import</p>"), { cacheControl: { revalidate: 60 } });
    await new Promise((r) => setTimeout(r, 2));
    other.insert(importRuns).values({ source: "export.xml", status: "done", finishedAt: Date.now() }).run();
    await new Promise((r) => setTimeout(r, 2));

    expect(await cache.get("/", { kind: "APP_PAGE" })).toBeNull();
    await cache.set("/", page("<p>after the import</p>"), { cacheControl: { revalidate: 60 } });
    expect((await cache.get("/", { kind: "APP_PAGE" }))?.value.html).toBe("<p>after the import</p>");
    other.$client.close();
  });
});
