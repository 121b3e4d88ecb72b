import { afterAll } from "vitest";
import { createScratchDatabase } from "./scratch-postgres";

// Project "postgres": each test file gets a scratch database of its own on the TEST_DATABASE_URL server,
// named in DATABASE_URL before anything imports @/db (which then runs on PostgreSQL), migrated by
// setup.ts, and dropped after the file.
const scratch = await createScratchDatabase();
process.env.DATABASE_URL = scratch.url;

afterAll(async () => {
  const { closeDatabase } = await import("@/db");
  await closeDatabase();
  await scratch.drop();
});
