import { afterAll, inject } from "vitest";
import { createScratchDatabase } from "./scratch-postgres";

// Project "postgres": each test file gets a scratch database of its own on the TEST_DATABASE_URL server,
// a copy of the run's migrated template (tests/support/global-setup-postgres.ts), named in DATABASE_URL
// before anything imports @/db (which then runs on PostgreSQL; setup.ts migrates, finding nothing to
// do), and dropped after the file.
const scratch = await createScratchDatabase(inject("postgresTemplate"));
process.env.DATABASE_URL = scratch.url;

afterAll(async () => {
  const { closeDatabase } = await import("@/db");
  await closeDatabase();
  await scratch.drop();
});
