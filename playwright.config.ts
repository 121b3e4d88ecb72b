import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3100);
// A throwaway data directory per run: the same start command readers get, on a fresh database.
const dataDir = process.env.E2E_DATA_DIR || path.join(os.tmpdir(), `newsroom-e2e-${port}`);

export const E2E_DATABASE_PATH = path.join(dataDir, "news.db");

export const E2E_ADMIN = { email: "editor-in-chief@example.com", password: "correct horse battery staple" };

// The newsroom specs' signed-in sessions (e2e/sessions.setup.ts), made fresh with the database each run.
export const E2E_SESSIONS_DIR = path.join(dataDir, "sessions");

// A spec's name lists the servers it needs before `spec.ts`: *.redis.spec.ts runs when TEST_REDIS_URL
// names a Redis server, *.pg.spec.ts when TEST_DATABASE_URL names a PostgreSQL one, *.pg.redis.spec.ts
// when both do (.ci/run sets both).
const NEEDS_REDIS = "**/*.redis.spec.ts";
const NEEDS_POSTGRES = "**/*.pg.*spec.ts";
if (!process.env.TEST_REDIS_URL)
  console.warn("Skipping the Redis e2e specs (e2e/*.redis.spec.ts): TEST_REDIS_URL is not set.");
if (!process.env.TEST_DATABASE_URL)
  console.warn(
    "Skipping the PostgreSQL e2e specs (e2e/*.pg.spec.ts, e2e/*.pg.redis.spec.ts): TEST_DATABASE_URL is not set.",
  );

export default defineConfig({
  testDir: "e2e",
  testIgnore: [
    ...(process.env.TEST_REDIS_URL ? [] : [NEEDS_REDIS]),
    ...(process.env.TEST_DATABASE_URL ? [] : [NEEDS_POSTGRES]),
  ],
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // No traces by default: recording one for every test (kept only on failure) was a third of the e2e
    // CPU on this 2-core machine kind — the browser's screencast and DOM snapshots, and the worker taking
    // them in (3 specs: 104 → 69 CPU-seconds, 82 → 61 s). A failure still leaves its page snapshot
    // (error-context.md); to record traces while chasing one: `npx playwright test --trace retain-on-failure`.
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "sessions", testMatch: /sessions\.setup\.ts$/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined }, dependencies: ["sessions"] },
  ],
  webServer: {
    command: `rm -rf "${dataDir}" && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_PATH: E2E_DATABASE_PATH,
      SITE_URL: `http://127.0.0.1:${port}`,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      // Lets each test speak as its own client IP, so the comment flood rule applies per test.
      TRUST_PROXY: "1",
      // One JSON line per request would bury the test report; warnings and errors still show.
      LOG_LEVEL: "warn",
      // One process, as on a one-core machine: the suite's browsers need the cores. The workers of a
      // multi-core start are tested by e2e/cluster.spec.ts (and tests/cluster.test.ts).
      WEB_CONCURRENCY: "1",
      // `npm test` ran tsc before this build (next.config.js); run alone, the e2e tests behaviour, not types.
      NEWSROOM_TYPES_CHECKED: "1",
    },
  },
});
