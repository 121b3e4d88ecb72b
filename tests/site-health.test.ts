import { describe, expect, it } from "vitest";
import { siteHealthChecks, type HealthFacts } from "@/lib/observability/site-health";

const NOW = Date.UTC(2026, 5, 1, 12);
const GB = 1024 ** 3;

const healthy: HealthFacts = {
  engine: "sqlite",
  databaseBytes: 40 * 1024 * 1024,
  walBytes: 1024 * 1024,
  newestBackupAt: NOW - 3 * 60 * 60_000,
  backupSchedule: "03:30",
  migrationsPending: false,
  databaseReachable: true,
  freeDiskBytes: 50 * GB,
  totalDiskBytes: 100 * GB,
  edgeHits: 90,
  edgeMisses: 10,
  redis: "unset",
  smtp: "unset",
  siteUrl: "https://news.example.com",
  requestOrigin: "https://news.example.com",
  trustProxy: true,
  forwardedFor: true,
  version: "1.2.3",
  uptimeSeconds: 7200,
  now: NOW,
};

function warnings(overrides: Partial<HealthFacts>) {
  return Object.fromEntries(
    siteHealthChecks({ ...healthy, ...overrides })
      .filter((c) => c.warning)
      .map((c) => [c.id, c]),
  );
}

describe("site health", () => {
  it("has no warning on a healthy site, and shows every figure", () => {
    const checks = siteHealthChecks(healthy);
    expect(checks.filter((c) => c.warning)).toEqual([]);
    const value = (id: string) => checks.find((c) => c.id === id)?.value;
    expect(value("database")).toBe("40.0 MB");
    expect(value("wal")).toBe("1.0 MB");
    expect(value("backup")).toBe("3 hours old; scheduled daily at 03:30");
    expect(value("disk")).toBe("50.0 GB of 100.0 GB");
    expect(value("edge")).toBe("90% of 100 requests answered from the store");
    expect(value("version")).toBe("1.2.3, up 2 hours");
  });

  it("warns of a backup older than two days, or none, with a fix", () => {
    const stale = warnings({ newestBackupAt: NOW - 3 * 24 * 60 * 60_000 }).backup;
    expect(stale.warning).toBe("The newest backup is 3 days old.");
    expect(stale.fix).toMatch(/maintenance failed/);
    expect(warnings({ newestBackupAt: NOW - 47 * 60 * 60_000 }).backup).toBeUndefined();
    const none = warnings({ newestBackupAt: null, backupSchedule: null }).backup;
    expect(none.warning).toBe("There is no backup of this site.");
    expect(none.fix).toMatch(/BACKUP_SCHEDULE=03:30/);
  });

  it("warns of pending migrations, a large WAL, a nearly full disk and an unreachable service", () => {
    expect(warnings({ migrationsPending: true }).migrations.fix).toMatch(/npm run db:migrate/);
    expect(warnings({ walBytes: 200 * 1024 * 1024 }).wal.fix).toMatch(/Restart/);
    expect(warnings({ freeDiskBytes: 0.5 * GB }).disk.fix).toMatch(/BACKUP_KEEP/);
    expect(warnings({ freeDiskBytes: 5 * GB, totalDiskBytes: 100 * GB }).disk).toBeDefined();
    expect(warnings({ redis: "unreachable" }).redis.fix).toMatch(/REDIS_URL/);
    expect(warnings({ smtp: "unreachable" }).smtp.fix).toMatch(/SMTP_URL/);
    expect(warnings({ redis: "ok", smtp: "ok" })).toEqual({});
    expect(warnings({ databaseReachable: false }).database).toBeDefined();
  });

  it("warns when SITE_URL is unset or differs from the address in use", () => {
    expect(warnings({ siteUrl: null })["site-url"].fix).toBe(
      "Set SITE_URL=https://news.example.com (the public address of the site) and restart.",
    );
    const other = warnings({ requestOrigin: "http://10.0.0.5:3000" })["site-url"];
    expect(other.warning).toBe(
      "SITE_URL says https://news.example.com, but this page was opened at http://10.0.0.5:3000.",
    );
    expect(warnings({ siteUrl: "https://news.example.com/" })["site-url"]).toBeUndefined();
  });

  it("warns of forwarded headers without TRUST_PROXY, and of TRUST_PROXY without a proxy", () => {
    expect(warnings({ trustProxy: false, forwardedFor: true })["trust-proxy"].fix).toMatch(/set TRUST_PROXY=1/);
    expect(warnings({ trustProxy: true, forwardedFor: false })["trust-proxy"].fix).toMatch(/unset TRUST_PROXY/);
    expect(warnings({ trustProxy: false, forwardedFor: false })["trust-proxy"]).toBeUndefined();
  });

  it("on PostgreSQL points at pg_dump rather than warning of missing backups", () => {
    const checks = siteHealthChecks({ ...healthy, engine: "postgres", walBytes: null, newestBackupAt: null });
    expect(checks.find((c) => c.id === "wal")).toBeUndefined();
    const backup = checks.find((c) => c.id === "backup")!;
    expect(backup.warning).toBeUndefined();
    expect(backup.fix).toMatch(/pg_dump/);
  });
});
