import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

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
    // The PostgreSQL tests need a server: they run when TEST_DATABASE_URL names one.
    exclude: [...configDefaults.exclude, ...(process.env.TEST_DATABASE_URL ? [] : ["tests/**/*.pg.test.ts"])],
    environment: "node",
    setupFiles: ["tests/support/setup.ts"],
    env: { DATABASE_PATH: ":memory:", SITE_TIMEZONE: "Europe/Istanbul" },
    pool: "forks",
  },
});
