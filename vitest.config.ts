import os from "node:os";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Every integration test runs on both engines: project "sqlite" always, on a fresh in-memory database
// per file; project "postgres" when TEST_DATABASE_URL names a server, on a scratch database per file,
// a copy of one migrated once per run (tests/support/global-setup-postgres.ts, setup-postgres.ts). The
// Redis suites need TEST_REDIS_URL. .ci/run sets both, and a run without them says which suites it
// skipped rather than passing quietly.
const databaseServer = process.env.TEST_DATABASE_URL;
const redisServer = process.env.TEST_REDIS_URL;
const redisSuites = "tests/**/*.redis.test.ts";
// Vitest reads this file again for the projects that extend it: say it once.
const said = Symbol.for("newsroom.vitest.skipped-suites");
const once = globalThis as { [said]?: boolean };
if (!once[said]) {
  once[said] = true;
  if (!databaseServer)
    console.warn(
      "Skipping the PostgreSQL suites (project postgres: every test file again on PostgreSQL, and tests/**/*.pg.test.ts): TEST_DATABASE_URL is not set.",
    );
  if (!redisServer) console.warn(`Skipping the Redis suites (${redisSuites}): TEST_REDIS_URL is not set.`);
}

// Files that test the SQLite engine itself, so there is nothing for them to do on PostgreSQL.
const sqliteOnly = [
  "tests/migrate-sqlite.test.ts", // SQLite's own migration runner (foreign keys off, table rebuilds)
  "tests/backup-restore.test.ts", // backup and restore copy the SQLite file; PostgreSQL has pg_dump
  "tests/query-plans.test.ts", // SQLite's EXPLAIN QUERY PLAN on its indexes
  "tests/db-sqlite.test.ts", // the SQLite client: a database file with a writer and a read-only reader
  "tests/search-sqlite.test.ts", // the FTS5 index table and its migration
  "tests/scheduled-backups.test.ts", // the server's scheduled backups copy the SQLite file
  "tests/media-upgrade.test.ts", // an upgrade of a SQLite file database and its uploads folder
  "tests/newsletter-crash.test.ts", // a sender child process on a SQLite file, killed with SIGKILL
  "tests/cluster.test.ts", // the workers' channel through their primary: no database at all
  "tests/front.test.ts", // a front process and a worker stand-in over a socket: no database at all
];

const unreachable = redisServer ? [] : [redisSuites];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Outside Next there is no react-server condition and no incremental cache: the data layer is
      // tested directly, and cache invalidations are recorded for assertions.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
      { find: /^next\/cache$/, replacement: path.join(root, "tests/support/next-cache.ts") },
    ],
  },
  test: {
    environment: "node",
    env: { SITE_TIMEZONE: "Europe/Istanbul", REDIS_URL: "" },
    pool: "forks",
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. The suites
    // mostly wait on PostgreSQL, SMTP and HTTP, and each owns its data (a scratch database, a key
    // prefix), so a worker more than the cores keeps them busy: 4.5 minutes became 2.3 here.
    maxWorkers: Math.min(6, os.availableParallelism() + 1),
    projects: [
      {
        extends: true as const,
        test: {
          name: "sqlite",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/**/*.pg.test.ts", ...unreachable],
          setupFiles: ["tests/support/setup.ts"],
          env: { DATABASE_PATH: ":memory:", DATABASE_URL: "" },
        },
      },
      ...(databaseServer
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["tests/**/*.test.ts"],
                exclude: [...configDefaults.exclude, ...sqliteOnly, ...unreachable],
                globalSetup: ["tests/support/global-setup-postgres.ts"],
                setupFiles: ["tests/support/setup-postgres.ts", "tests/support/setup.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
