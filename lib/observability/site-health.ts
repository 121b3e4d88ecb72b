// Site health (/admin/health): the facts gathered about the running server, and for each a plain
// verdict with what to do about it. Pure: lib/observability/health-facts.ts gathers the facts.
import { BACKUP_STALE_MS } from "@/lib/backups/schedule";

export type HealthFacts = {
  engine: "sqlite" | "postgres";
  databaseBytes: number | null;
  walBytes: number | null;
  newestBackupAt: number | null;
  backupSchedule: string | null;
  migrationsPending: boolean;
  databaseReachable: boolean;
  freeDiskBytes: number | null;
  totalDiskBytes: number | null;
  edgeHits: number;
  edgeMisses: number;
  redis: "unset" | "ok" | "unreachable";
  smtp: "unset" | "ok" | "unreachable";
  siteUrl: string | null;
  /** The origin this page was asked for, as the browser sees it. */
  requestOrigin: string;
  trustProxy: boolean;
  forwardedFor: boolean;
  version: string;
  uptimeSeconds: number;
  now: number;
};

export type HealthCheck = { id: string; label: string; value: string; warning?: string; fix?: string };

const MB = 1024 * 1024;
const GB = 1024 * MB;
const LOW_DISK_BYTES = 1 * GB;
const LOW_DISK_SHARE = 0.1;
const LARGE_WAL_BYTES = 64 * MB;

export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

export function siteHealthChecks(f: HealthFacts): HealthCheck[] {
  return [
    databaseCheck(f),
    ...(f.engine === "sqlite" ? [walCheck(f)] : []),
    backupCheck(f),
    migrationsCheck(f),
    diskCheck(f),
    edgeCheck(f),
    ...(f.redis === "unset" ? [] : [reachable("redis", "Redis", f.redis, "REDIS_URL")]),
    ...(f.smtp === "unset" ? [] : [reachable("smtp", "Mail server (SMTP)", f.smtp, "SMTP_URL")]),
    siteUrlCheck(f),
    trustProxyCheck(f),
    { id: "version", label: "Version and uptime", value: `${f.version}, up ${formatAge(f.uptimeSeconds * 1000)}` },
  ];
}

function databaseCheck(f: HealthFacts): HealthCheck {
  const label = f.engine === "postgres" ? "Database (PostgreSQL)" : "Database (SQLite)";
  if (!f.databaseReachable)
    return {
      id: "database",
      label,
      value: "not answering",
      warning: "The database does not answer.",
      fix: "Check that PostgreSQL is running and that DATABASE_URL points at it, then restart the site.",
    };
  return { id: "database", label, value: f.databaseBytes === null ? "answering" : formatBytes(f.databaseBytes) };
}

function walCheck(f: HealthFacts): HealthCheck {
  const wal = f.walBytes ?? 0;
  const check: HealthCheck = { id: "wal", label: "Write-ahead log", value: formatBytes(wal) };
  if (wal <= LARGE_WAL_BYTES) return check;
  return {
    ...check,
    warning: "The write-ahead log is large: something keeps a long read open, so SQLite cannot fold it back.",
    fix: "Restart the site at a quiet moment (the log is folded back into the database on a clean stop).",
  };
}

function backupCheck(f: HealthFacts): HealthCheck {
  const label = "Newest backup";
  if (f.engine === "postgres")
    return {
      id: "backup",
      label,
      value: "taken by pg_dump outside the site",
      fix: "Schedule pg_dump (see the README's Operations section); this screen cannot see those copies.",
    };
  const schedule = f.backupSchedule ? `; scheduled daily at ${f.backupSchedule}` : "; no schedule";
  if (f.newestBackupAt === null)
    return {
      id: "backup",
      label,
      value: `none${schedule}`,
      warning: "There is no backup of this site.",
      fix: "Set BACKUP_SCHEDULE=03:30 (a daily time) and restart, or run `npm run backup` now.",
    };
  const age = f.now - f.newestBackupAt;
  const check = { id: "backup", label, value: `${formatAge(age)} old${schedule}` };
  if (age <= BACKUP_STALE_MS) return check;
  return {
    ...check,
    warning: `The newest backup is ${formatAge(age)} old.`,
    fix: f.backupSchedule
      ? "Scheduled backups are failing: look for “maintenance failed” in the server's log (often a full disk)."
      : "Set BACKUP_SCHEDULE=03:30 (a daily time) and restart, or run `npm run backup` now.",
  };
}

function migrationsCheck(f: HealthFacts): HealthCheck {
  if (!f.migrationsPending) return { id: "migrations", label: "Database migrations", value: "all applied" };
  return {
    id: "migrations",
    label: "Database migrations",
    value: "pending",
    warning: "This version of the site expects database changes that have not been applied.",
    fix: "Run `npm run db:migrate` (or restart with `npm start`, which applies them after taking a backup).",
  };
}

function diskCheck(f: HealthFacts): HealthCheck {
  if (f.freeDiskBytes === null || f.totalDiskBytes === null)
    return { id: "disk", label: "Free disk", value: "unknown" };
  const check = {
    id: "disk",
    label: "Free disk",
    value: `${formatBytes(f.freeDiskBytes)} of ${formatBytes(f.totalDiskBytes)}`,
  };
  if (f.freeDiskBytes >= LOW_DISK_BYTES && f.freeDiskBytes >= f.totalDiskBytes * LOW_DISK_SHARE) return check;
  return {
    ...check,
    warning: "The disk that holds the site's data is nearly full: saving, uploads and backups will start to fail.",
    fix: "Free space: remove old backups in DATA_DIR/backups (lower BACKUP_KEEP), run `npm run uploads:clean`, or grow the disk.",
  };
}

function edgeCheck(f: HealthFacts): HealthCheck {
  const total = f.edgeHits + f.edgeMisses;
  const value =
    total === 0
      ? "no requests yet"
      : `${Math.round((f.edgeHits / total) * 100)}% of ${total} requests answered from the store`;
  return { id: "edge", label: "Edge cache hit rate", value };
}

function reachable(id: string, label: string, state: "ok" | "unreachable", variable: string): HealthCheck {
  if (state === "ok") return { id, label, value: "reachable" };
  return {
    id,
    label,
    value: "unreachable",
    warning: `${label} does not answer.`,
    fix: `Check that it is running and that ${variable} has the right host, port and password.`,
  };
}

function siteUrlCheck(f: HealthFacts): HealthCheck {
  const label = "SITE_URL";
  if (!f.siteUrl)
    return {
      id: "site-url",
      label,
      value: "not set",
      warning: "SITE_URL is not set: links in feeds, sitemaps and emails use whatever address a request came in on.",
      fix: `Set SITE_URL=${f.requestOrigin} (the public address of the site) and restart.`,
    };
  let origin: string;
  try {
    origin = new URL(f.siteUrl).origin;
  } catch {
    origin = f.siteUrl;
  }
  if (origin === f.requestOrigin) return { id: "site-url", label, value: origin };
  return {
    id: "site-url",
    label,
    value: origin,
    warning: `SITE_URL says ${origin}, but this page was opened at ${f.requestOrigin}.`,
    fix: `If ${f.requestOrigin} is the public address, set SITE_URL to it and restart; otherwise use the site at ${origin}.`,
  };
}

function trustProxyCheck(f: HealthFacts): HealthCheck {
  const label = "Reverse proxy (TRUST_PROXY)";
  if (!f.trustProxy && f.forwardedFor)
    return {
      id: "trust-proxy",
      label,
      value: "off, but requests arrive through a proxy",
      warning:
        "Requests carry X-Forwarded-For while TRUST_PROXY is off: every visitor appears to come from the proxy's address, so comment and sign-in limits treat them all as one person.",
      fix: "If your own reverse proxy (nginx, Caddy, a load balancer) sits in front of the site, set TRUST_PROXY=1 and restart.",
    };
  if (f.trustProxy && !f.forwardedFor)
    return {
      id: "trust-proxy",
      label,
      value: "on, but this request came without X-Forwarded-For",
      warning:
        "TRUST_PROXY is on but this request did not come through a proxy: anyone reaching the site directly can choose the address it logs and limits by.",
      fix: "Make the site reachable only through your proxy (bind it to 127.0.0.1), or unset TRUST_PROXY if there is no proxy.",
    };
  return { id: "trust-proxy", label, value: f.trustProxy ? "on, behind a proxy" : "off, no proxy seen" };
}
