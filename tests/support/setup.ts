import { beforeEach } from "vitest";

// Every test file gets its own freshly migrated in-memory database, the same migrations production runs.
delete (globalThis as { newsroomDb?: unknown }).newsroomDb;
const { db, migrateDatabase } = await import("@/db");
migrateDatabase(db);

const { invalidated } = await import("./next-cache");
beforeEach(() => {
  invalidated.length = 0;
});
