import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, databasePath, migrateDatabase, transaction } from "@/db";
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
});
