import "server-only";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { headers } from "next/headers";
import { checkSharedCacheHealth } from "@/lib/cache/health";
import { getNewestBackupAt, dataDirectory } from "@/lib/data/backups";
import { checkDatabaseHealth, getDatabaseFootprint } from "@/lib/data/health";
import { parseBackupSchedule } from "@/lib/backups/schedule";
import { metrics } from "./metrics";
import type { HealthFacts } from "./site-health";

const SMTP_TIMEOUT_MS = 2_000;

/** Everything site health looks at, gathered for the request that asks. */
export async function gatherHealthFacts(): Promise<HealthFacts> {
  const requestHeaders = await headers();
  const trustProxy = process.env.TRUST_PROXY === "1";
  const [database, footprint, redis, smtp, edge] = await Promise.all([
    checkDatabaseHealth(),
    getDatabaseFootprint().catch(() => ({ databaseBytes: null, walBytes: null })),
    process.env.REDIS_URL ? checkSharedCacheHealth().then((h) => (h.ok ? "ok" : "unreachable")) : "unset",
    process.env.SMTP_URL ? smtpReachable(process.env.SMTP_URL) : "unset",
    edgeCounts(),
  ]);
  const disk = freeDisk(dataDirectory());
  const schedule = parseBackupSchedule(process.env.BACKUP_SCHEDULE);
  return {
    engine: process.env.DATABASE_URL ? "postgres" : "sqlite",
    ...footprint,
    newestBackupAt: getNewestBackupAt(),
    backupSchedule: schedule
      ? `${String(schedule.hour).padStart(2, "0")}:${String(schedule.minute).padStart(2, "0")}`
      : null,
    migrationsPending: !database.ok && database.reason === "migrations pending",
    databaseReachable: database.ok || database.reason !== "database unreachable",
    ...disk,
    ...edge,
    redis: redis as HealthFacts["redis"],
    smtp: smtp as HealthFacts["smtp"],
    siteUrl: process.env.SITE_URL || null,
    requestOrigin: requestOrigin(requestHeaders, trustProxy),
    trustProxy,
    forwardedFor: requestHeaders.has("x-forwarded-for"),
    version: version(),
    uptimeSeconds: Math.round(process.uptime()),
    now: Date.now(),
  };
}

function requestOrigin(h: Headers, trustProxy: boolean): string {
  const first = (v: string | null) => v?.split(",")[0].trim() || null;
  const proto = (trustProxy && first(h.get("x-forwarded-proto"))) || "http";
  const host = (trustProxy && first(h.get("x-forwarded-host"))) || h.get("host") || "localhost";
  return `${proto}://${host}`;
}

function freeDisk(dir: string): { freeDiskBytes: number | null; totalDiskBytes: number | null } {
  try {
    const stats = fs.statfsSync(fs.existsSync(/*turbopackIgnore: true*/ dir) ? dir : process.cwd());
    return { freeDiskBytes: stats.bavail * stats.bsize, totalDiskBytes: stats.blocks * stats.bsize };
  } catch {
    return { freeDiskBytes: null, totalDiskBytes: null };
  }
}

async function edgeCounts(): Promise<{ edgeHits: number; edgeMisses: number }> {
  const all = await metrics().registry.getMetricsAsJSON();
  const values = all.find((m) => m.name === "newsroom_edge_requests_total")?.values ?? [];
  const of = (result: string) =>
    values.filter((v) => v.labels.result === result).reduce((n, v) => n + Number(v.value), 0);
  return { edgeHits: of("hit"), edgeMisses: of("miss") };
}

/** The mail server accepts a TCP connection (no mail is sent, no login tried). */
function smtpReachable(url: string): Promise<"ok" | "unreachable"> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname;
    port = Number(parsed.port) || (parsed.protocol === "smtps:" ? 465 : 587);
  } catch {
    return Promise.resolve("unreachable");
  }
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: SMTP_TIMEOUT_MS });
    const done = (state: "ok" | "unreachable") => {
      socket.destroy();
      resolve(state);
    };
    socket.once("connect", () => done("ok"));
    socket.once("timeout", () => done("unreachable"));
    socket.once("error", () => done("unreachable"));
  });
}

let cachedVersion: string | undefined;
function version(): string {
  if (cachedVersion) return cachedVersion;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string };
    cachedVersion = pkg.version ?? "unknown";
  } catch {
    cachedVersion = "unknown";
  }
  return cachedVersion;
}
