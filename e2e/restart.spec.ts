import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ISTANBUL_SLUG } from "./pages/article-page";

// A second server on the same build and a database of its own, stopped and started again: a page
// cached before a change must never be served after the restart. The database is prepared fresh
// (not copied from the shared e2e one), so no other test's change can reach this server's cache.
const PORT = Number(process.env.E2E_PORT || 3100) + 50;
const base = `http://127.0.0.1:${PORT}`;

function startServer(dbPath: string): ChildProcess {
  return spawn(
    process.execPath,
    // server.ts, as `npm start` runs it: the edge's store of finished pages must not outlive a restart either.
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), "server.ts"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(PORT),
        DATABASE_PATH: dbPath,
        AUTH_SECRET: "restart-test-secret",
        NEXTAUTH_SECRET: "restart-test-secret",
      },
      stdio: "ignore",
    },
  );
}

async function waitUntilUp() {
  await expect(async () => {
    expect((await fetch(`${base}/`)).ok).toBe(true);
  }).toPass({ timeout: 30_000 });
}

async function stop(server: ChildProcess) {
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

test("an article changed while cached is fresh after a restart", async ({ page }) => {
  test.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-restart-"));
  const dbPath = path.join(dir, "news.db");
  const prepared = spawnSync(
    process.execPath,
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/prepare.ts"],
    {
      env: { ...process.env, DATA_DIR: dir, DATABASE_PATH: dbPath, AUTH_SECRET: "restart-test-secret" },
      encoding: "utf8",
    },
  );
  expect(prepared.status, prepared.stderr).toBe(0);

  let server = startServer(dbPath);
  try {
    await waitUntilUp();
    await page.goto(`${base}/articles/${ISTANBUL_SLUG}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("prisoners");
    // Served from the cache now; change the database behind its back, as a lost invalidation would.
    const db = new Database(dbPath);
    db.prepare("update articles set headline = ? where slug = ?").run(
      "Headline changed before the restart",
      ISTANBUL_SLUG,
    );
    db.close();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("prisoners");

    await stop(server);
    server = startServer(dbPath);
    await waitUntilUp();
    await page.goto(`${base}/articles/${ISTANBUL_SLUG}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Headline changed before the restart");
    await page.goto(`${base}/`);
    await expect(page.getByRole("link", { name: "Headline changed before the restart" }).first()).toBeVisible();
  } finally {
    await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
