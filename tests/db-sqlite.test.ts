import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, databasePath, migrateDatabase, preparedRead, transaction } from "@/db";
import { settings } from "@/db/schema";
import { behavesLikeTheDataLayer, put, read } from "./support/data-layer-cases";

describe("on a database file (a writer and a read-only reader)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-db-test-"));
  const previous = process.env.DATABASE_PATH;

  beforeAll(async () => {
    process.env.DATABASE_PATH = path.join(dir, "news.db");
    await closeDatabase();
    await migrateDatabase();
  });

  afterAll(async () => {
    await closeDatabase();
    process.env.DATABASE_PATH = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("uses the file", () => {
    expect(databasePath()).toBe(path.join(dir, "news.db"));
    expect(fs.existsSync(path.join(dir, "news.db"))).toBe(true);
  });

  behavesLikeTheDataLayer();

  it("shows readers only what has been committed", async () => {
    await put("draft", "old");
    let seenMidway: string | undefined;
    await transaction(async (tx) => {
      await tx.update(settings).set({ value: "new" }).where(eq(settings.key, "draft"));
      seenMidway = await read("draft");
    });
    expect(seenMidway).toBe("old");
    expect(await read("draft")).toBe("new");
  });

  it("answers a prepared read from what is committed now, and from the database in use after a move", async () => {
    const byKey = preparedRead((db) =>
      db
        .select({ value: settings.value })
        .from(settings)
        .where(eq(settings.key, sql.placeholder("key"))),
    );
    await put("prepared", "first");
    expect(await byKey({ key: "prepared" })).toEqual([{ value: "first" }]);
    await put("prepared", "second");
    expect(await byKey({ key: "prepared" })).toEqual([{ value: "second" }]);
    expect(await byKey({ key: "missing" })).toEqual([]);

    // Another database (a test, or a script that opens another file): the statement prepared on the
    // first one's connection, closed now, must not be used.
    const home = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = path.join(dir, "other.db");
    try {
      await closeDatabase();
      await migrateDatabase();
      expect(await byKey({ key: "prepared" })).toEqual([]);
    } finally {
      await closeDatabase();
      process.env.DATABASE_PATH = home;
    }
    expect(await byKey({ key: "prepared" })).toEqual([{ value: "second" }]);
  });
});
