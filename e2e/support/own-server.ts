import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import Redis from "ioredis";
import { createScratchDatabase } from "../../tests/support/scratch-postgres";

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
  /** Everything the server has printed on stdout and stderr since it was last started. */
  output(): string;
  /** SIGKILL, as when the machine dies: nothing is finished or closed; resolves once it is gone. */
  kill(): Promise<void>;
  remove(): void;
};

export const OWN_ADMIN = { email: "own-admin@example.com", password: "own server password 1" };

const OUTPUT_KEPT = 20_000;

function runTsx(script: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), script], {
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
}

/**
 * `sharing`: a server already prepared whose database this one uses too (its SQLite file, or the
 * DATABASE_URL both are given). It is not prepared again: like a second instance of a site, it starts on
 * what the first start made ready, with a data directory of its own. `entry`: server.ts (one process),
 * or scripts/start.mjs as `npm start` runs it (a worker per core, or per WEB_CONCURRENCY).
 */
export function prepareOwnServer(
  portOffset: number,
  env: Record<string, string> = {},
  sharing?: OwnServer,
  entry: "server.ts" | "scripts/start.mjs" = "server.ts",
): OwnServer {
  const port = Number(process.env.E2E_PORT || 3100) + portOffset;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-own-"));
  const dbPath = sharing?.dbPath ?? path.join(dataDir, "news.db");
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TRUST_PROXY: "",
    ...env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_PATH: dbPath,
    SITE_URL: env.SITE_URL ?? `http://127.0.0.1:${port}`,
    AUTH_SECRET: "own-server-secret",
    NEXTAUTH_SECRET: "own-server-secret",
    ADMIN_EMAIL: OWN_ADMIN.email,
    ADMIN_PASSWORD: OWN_ADMIN.password,
  };
  if (!sharing) runTsx("scripts/prepare.ts", serverEnv);

  // The tail of what the server printed, for the message when it does not come up.
  let output = "";
  let everything = "";
  const gone = () => !own.process || own.process.exitCode !== null || own.process.signalCode !== null;
  const exited = () => new Promise<void>((resolve) => (gone() ? resolve() : own.process.once("exit", () => resolve())));
  const own: OwnServer = {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    dbPath,
    process: undefined as unknown as ChildProcess,
    async start() {
      output = "";
      everything = "";
      // tsx as a loader, not its CLI (which runs the script in a child): the process is the server,
      // so a SIGKILL reaches the server itself.
      own.process = spawn(process.execPath, entry === "server.ts" ? ["--import", "tsx", entry] : [entry], {
        env: serverEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk: Buffer) => {
        everything += chunk.toString();
        output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
      };
      own.process.stdout!.on("data", keep);
      own.process.stderr!.on("data", keep);
      await expect(async () => {
        expect(gone(), output).toBe(false);
        expect((await fetch(`${own.base}/api/health`)).status).toBe(200);
      }).toPass({ timeout: 30_000 });
    },
    output: () => everything,
    async stop() {
      if (!gone()) {
        own.process.kill("SIGTERM");
        await exited();
      }
      return own.process.exitCode;
    },
    async kill() {
      own.process.kill("SIGKILL");
      await exited();
    },
    remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return own;
}

/**
 * own.start(), with more patience for a loaded machine (a spec whose server runs beside the shared one):
 * when the process is up but slow to answer, its health check is awaited for longer.
 */
export async function startPatiently(server: OwnServer): Promise<void> {
  try {
    await server.start();
  } catch (error) {
    if (server.process.exitCode !== null || server.process.signalCode !== null) throw error;
    await expect(async () => {
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    }).toPass({ timeout: 90_000 });
  }
}

/** Several instances of one site on PostgreSQL and Redis, and the means to read and remove what they share. */
export type OwnSite = {
  instances: OwnServer[];
  /** The scratch database every instance uses (DATABASE_URL). */
  databaseUrl: string;
  redisUrl: string;
  /** This site's REDIS_PREFIX: every key and channel it uses starts with it. */
  redisPrefix: string;
  /** Stops the instances still running, drops the database and deletes the site's Redis keys. */
  remove(): Promise<void>;
};

/**
 * A site of several instances as README "Running on more than one machine" sets one up: a scratch
 * PostgreSQL database on TEST_DATABASE_URL's server and a Redis prefix of its own on TEST_REDIS_URL,
 * prepared once (migrations, sample content, first administrator), then every instance started on
 * it, each on `E2E_PORT + offset`, with `env` on top (for instance TRUST_PROXY behind a balancer).
 */
export async function prepareOwnSite(portOffsets: number[], env: Record<string, string> = {}): Promise<OwnSite> {
  const scratch = await createScratchDatabase();
  const redisUrl = process.env.TEST_REDIS_URL!;
  const redisPrefix = `e2e-${randomUUID()}:`;
  // One SITE_URL on every instance, as behind a balancer (here the first instance stands for its address).
  const siteUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + portOffsets[0]}`;
  const shared = {
    SITE_URL: siteUrl,
    ...env,
    DATABASE_URL: scratch.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
  };
  const instances: OwnServer[] = [];
  const site: OwnSite = {
    instances,
    databaseUrl: scratch.url,
    redisUrl,
    redisPrefix,
    async remove() {
      await Promise.all(instances.map((own) => own.stop()));
      for (const own of instances) own.remove();
      await scratch.drop();
      const redis = new Redis(redisUrl);
      try {
        const keys = await redis.keys(`${redisPrefix}*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        await redis.quit();
      }
    },
  };
  try {
    // The first is prepared; the others start on what that made ready.
    for (const offset of portOffsets) instances.push(prepareOwnServer(offset, shared, instances[0]));
    await Promise.all(instances.map((own) => own.start()));
  } catch (error) {
    await site.remove();
    throw error;
  }
  return site;
}
