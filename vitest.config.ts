import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

// The PostgreSQL and Redis suites need a server each: they run when TEST_DATABASE_URL or TEST_REDIS_URL
// names one (.ci/run sets both), and a run without says so rather than passing quietly.
const needsServer = [
  { env: "TEST_DATABASE_URL", files: "tests/**/*.pg.test.ts", name: "PostgreSQL" },
  { env: "TEST_REDIS_URL", files: "tests/**/*.redis.test.ts", name: "Redis" },
];
const skipped = needsServer.filter((suite) => !process.env[suite.env]);
for (const suite of skipped)
  console.warn(`Skipping the ${suite.name} suites (${suite.files}): ${suite.env} is not set.`);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Outside Next there is no react-server condition and no incremental cache: the data layer is
      // tested directly against SQLite, and cache invalidations are recorded for assertions.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
      { find: /^next\/cache$/, replacement: path.join(root, "tests/support/next-cache.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...skipped.map((suite) => suite.files)],
    environment: "node",
    setupFiles: ["tests/support/setup.ts"],
    env: { DATABASE_PATH: ":memory:", SITE_TIMEZONE: "Europe/Istanbul", REDIS_URL: "" },
    pool: "forks",
  },
});
