import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newsroomSearchCases, searchCases } from "./support/search-cases";

// The search rules of tests/search.test.ts on PostgreSQL (tsvector, GIN, websearch_to_tsquery), in a
// scratch database of this file's own:
// TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run tests/search.pg.test.ts
const SCRATCH = "newsroom_search";
const server = process.env.TEST_DATABASE_URL!;

async function onServer(statement: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let dbModule: typeof import("@/db");

beforeAll(async () => {
  await onServer(`drop database if exists ${SCRATCH} with (force)`);
  await onServer(`create database ${SCRATCH}`);
  const url = new URL(server);
  url.pathname = `/${SCRATCH}`;
  vi.stubEnv("DATABASE_URL", url.toString());
  vi.resetModules();
  dbModule = await import("@/db");
  await dbModule.migrateDatabase();
});

afterAll(async () => {
  await dbModule?.closeDatabase();
  vi.unstubAllEnvs();
  await onServer(`drop database if exists ${SCRATCH} with (force)`);
});

describe("search on PostgreSQL", () => {
  it("runs on PostgreSQL with a GIN index on the document", async () => {
    expect(dbModule.engine).toBe("postgres");
    const index = await dbModule.row<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where tablename = 'article_search' and indexname = 'article_search_document_idx'`,
    );
    expect(index?.indexdef).toMatch(/USING gin \(document\)/);
  });

  searchCases();
  newsroomSearchCases();
});
