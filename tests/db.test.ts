import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, databasePath, db, migrateDatabase, row, rows, transaction } from "@/db";
import { settings } from "@/db/schema";

const read = async (key: string) => (await db.select().from(settings).where(eq(settings.key, key)))[0]?.value;

const put = (key: string, value: string) =>
  transaction(async (tx) => {
    await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  });

function behavesLikeTheDataLayer() {
  it("refuses a write outside transaction()", async () => {
    await expect(db.insert(settings).values({ key: "stray", value: "1" })).rejects.toThrow(/readonly|read-only/i);
    expect(await read("stray")).toBeUndefined();
  });

  it("commits a transaction whose body resolves and rolls back one that throws", async () => {
    expect(
      await transaction(async (tx) => (await tx.insert(settings).values({ key: "kept", value: "1" }).returning())[0]),
    ).toMatchObject({ key: "kept", value: "1" });
    await expect(
      transaction(async (tx) => {
        await tx.insert(settings).values({ key: "undone", value: "1" });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await read("kept")).toBe("1");
    expect(await read("undone")).toBeUndefined();
  });

  it("runs concurrent transactions one after another, so read-then-write bodies do not interleave", async () => {
    await put("counter", "0");
    await Promise.all(
      Array.from({ length: 20 }, () =>
        transaction(async (tx) => {
          const [current] = await tx.select().from(settings).where(eq(settings.key, "counter"));
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx
            .update(settings)
            .set({ value: String(Number(current.value) + 1) })
            .where(eq(settings.key, "counter"));
        }),
      ),
    );
    expect(await read("counter")).toBe("20");
  });

  it("joins a nested transaction to the outer one: both commit or roll back together", async () => {
    await expect(
      transaction(async (tx) => {
        await tx.insert(settings).values({ key: "outer", value: "1" });
        await transaction(async (inner) => {
          await inner.insert(settings).values({ key: "inner", value: "1" });
        });
        throw new Error("outer fails after the inner one finished");
      }),
    ).rejects.toThrow();
    expect(await read("outer")).toBeUndefined();
    expect(await read("inner")).toBeUndefined();
  });

  it("runs raw SQL with rows() and row(), inside a transaction on its own writes", async () => {
    await put("raw", "42");
    expect(
      await rows<{ value: string }>(sql`select ${settings.value} as value from ${settings} where key = 'raw'`),
    ).toEqual([{ value: "42" }]);
    const seen = await transaction(async (tx) => {
      await tx.update(settings).set({ value: "43" }).where(eq(settings.key, "raw"));
      return row<{ value: string }>(sql`select value from ${settings} where key = 'raw'`, tx);
    });
    expect(seen).toEqual({ value: "43" });
    expect(await row(sql`select 1 as one where 1 = 0`)).toBeUndefined();
  });
}

describe("on an in-memory database (one connection)", () => {
  behavesLikeTheDataLayer();
});

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
