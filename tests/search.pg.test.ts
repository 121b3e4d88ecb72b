import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { engine, row } from "@/db";

// PostgreSQL's search index (tsvector, GIN); the search rules are tests/search.test.ts, on both engines.
describe("the PostgreSQL search index", () => {
  it("is a GIN index on the document", async () => {
    expect(engine).toBe("postgres");
    const index = await row<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where tablename = 'article_search' and indexname = 'article_search_document_idx'`,
    );
    expect(index?.indexdef).toMatch(/USING gin \(document\)/);
  });
});
