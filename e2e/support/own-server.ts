import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";

// A server of a test's own: the same build and server.ts that `npm start` runs, on its own port and a
// freshly prepared data directory, with the environment the test chooses (for instance no TRUST_PROXY,
// which the shared e2e server sets).
export type OwnServer = {
  base: string;
  dataDir: string;
  dbPath: string;
  process: ChildProcess;
  start(): Promise<void>;
  stop(): Promise<number | null>;
  remove(): void;
};

export const OWN_ADMIN = { email: "own-admin@example.com", password: "own server password 1" };

/** `sharing`: a server already prepared whose data directory (and database) this one uses too. */
export function prepareOwnServer(portOffset: number, env: Record<string, string> = {}, sharing?: OwnServer): OwnServer {
  const port = Number(process.env.E2E_PORT || 3100) + portOffset;
  const dataDir = sharing?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-own-"));
  const dbPath = path.join(dataDir, "news.db");
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TRUST_PROXY: "",
    ...env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_PATH: dbPath,
    SITE_URL: `http://127.0.0.1:${port}`,
    AUTH_SECRET: "own-server-secret",
    NEXTAUTH_SECRET: "own-server-secret",
    ADMIN_EMAIL: OWN_ADMIN.email,
    ADMIN_PASSWORD: OWN_ADMIN.password,
  };
  const prepared = spawnSync(
    process.execPath,
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/prepare.ts"],
    {
      env: serverEnv,
      encoding: "utf8",
    },
  );
  if (prepared.status !== 0) throw new Error(prepared.stderr);

  const own: OwnServer = {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    dbPath,
    process: undefined as unknown as ChildProcess,
    async start() {
      own.process = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "server.ts"], {
        env: serverEnv,
        stdio: "ignore",
      });
      await expect(async () => {
        expect((await fetch(`${own.base}/api/health`)).status).toBe(200);
      }).toPass({ timeout: 30_000 });
    },
    async stop() {
      if (own.process.exitCode !== null) return own.process.exitCode;
      const exited = new Promise<number | null>((resolve) => own.process.once("exit", resolve));
      own.process.kill("SIGTERM");
      return exited;
    },
    remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return own;
}
