import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTICLES, SECTIONS } from "@/db/seed/content";
import { createScratchDatabase } from "./support/scratch-postgres";

// Instances of a site started at the same moment on one empty PostgreSQL database (README "Running on
// more than one machine"): each `npm start` prepares it, and all of them must come up, with the
// migrations applied, the sample content and the first administrator there once. Runs in the postgres
// project (vitest.config.ts), on an empty database of its own: the project's is migrated already.
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const dataDirs: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
});

afterAll(async () => {
  await scratch?.drop();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm start`'s first step (scripts/prepare.ts) in a process of its own, as one instance runs it. */
function prepareInstance(): Promise<{ code: number | null; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prepare-pg-"));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/prepare.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      AUTH_SECRET: "prepare-test-secret",
      ADMIN_EMAIL: "first-admin@example.com",
      ADMIN_PASSWORD: "first admin password 1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

it("three instances preparing one empty database at once all succeed, and the work is done once", async () => {
  const runs = await Promise.all([prepareInstance(), prepareInstance(), prepareInstance()]);
  for (const run of runs) expect(run.code, run.output).toBe(0);
  expect(runs.filter((run) => run.output.includes("Seeded sample content"))).toHaveLength(1);
  expect(runs.filter((run) => run.output.includes("Created administrator"))).toHaveLength(1);

  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    const counts = await client.query(
      `select (select count(*) from sections)::int as sections, (select count(*) from articles)::int as articles,
              (select count(*) from users)::int as users`,
    );
    expect(counts.rows[0]).toEqual({ sections: SECTIONS.length, articles: ARTICLES.length, users: 1 });
    const applied = await client.query("select count(*)::int as n from drizzle.__drizzle_migrations");
    const journal = JSON.parse(fs.readFileSync("db/migrations-pg/meta/_journal.json", "utf8")) as {
      entries: unknown[];
    };
    expect(applied.rows[0].n).toBe(journal.entries.length);
  } finally {
    await client.end();
  }
}, 120_000);
