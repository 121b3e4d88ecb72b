import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { db, row, rows, transaction } from "@/db";
import { settings } from "@/db/schema";

// The data layer's promises, whichever engine and connection the test file has set up (tests/db.test.ts
// on the suite's database, tests/db-sqlite.test.ts on a SQLite file).
export const read = async (key: string) => (await db.select().from(settings).where(eq(settings.key, key)))[0]?.value;

export const put = (key: string, value: string) =>
  transaction(async (tx) => {
    await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  });

export function behavesLikeTheDataLayer() {
  it("refuses a write outside transaction()", async () => {
    const refused = await db
      .insert(settings)
      .values({ key: "stray", value: "1" })
      .then(
        () => null,
        (error: Error) => error,
      );
    // Drizzle wraps the driver's error (PostgreSQL's) in a "Failed query" one.
    expect(`${refused?.message} ${(refused?.cause as Error | undefined)?.message}`).toMatch(/readonly|read-only/i);
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

  it("takes text with a NUL in a write and in a query (PostgreSQL, which cannot store one, drops it)", async () => {
    await put("pasted", "before\u0000after");
    expect((await read("pasted"))?.replace("\u0000", "")).toBe("beforeafter");
    expect(await row(sql`select 1 as one where ${"x\u0000"} like 'x%'`)).toEqual({ one: 1 });
  });
}
