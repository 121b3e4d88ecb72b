import { beforeEach } from "vitest";

// `npm start` always provides one; actions that sign cookies need it.
process.env.AUTH_SECRET ||= "vitest-auth-secret";

// Every test file gets its own freshly migrated in-memory database, the same migrations production runs.
const { closeDatabase, migrateDatabase } = await import("@/db");
await closeDatabase();
await migrateDatabase();

const { invalidated, refreshed } = await import("./next-cache");
beforeEach(() => {
  invalidated.length = 0;
  refreshed.count = 0;
});
