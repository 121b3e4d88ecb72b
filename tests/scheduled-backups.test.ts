import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { listBackups } from "@/db/backup-sqlite";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { scheduleBackupJobs } from "@/lib/backups/jobs";
import {
  backupDue,
  backupsKept,
  lastScheduledMoment,
  nextScheduledMoment,
  parseBackupSchedule,
} from "@/lib/backups/schedule";
import { getJobByKey } from "@/lib/data/jobs";
import { runDueJobs } from "@/lib/jobs/runner";
import { getNewestScheduledBackupAt, takeScheduledBackup } from "@/lib/data/backups";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
  vi.unstubAllEnvs();
});

describe("BACKUP_SCHEDULE", () => {
  it("reads a daily time, 'daily', or nothing", () => {
    expect(parseBackupSchedule("03:30")).toEqual({ hour: 3, minute: 30 });
    expect(parseBackupSchedule("23:05")).toEqual({ hour: 23, minute: 5 });
    expect(parseBackupSchedule("daily")).toEqual({ hour: 3, minute: 0 });
    for (const off of [undefined, "", "off", "25:00", "3pm", "12:60"]) expect(parseBackupSchedule(off)).toBeNull();
    expect(backupsKept("3")).toBe(3);
    expect(backupsKept("0")).toBe(7);
    expect(backupsKept(undefined)).toBe(7);
  });

  it("is due once per day, after the scheduled time, until a backup is taken", () => {
    const schedule = { hour: 3, minute: 30 };
    const at = (d: number, h: number, m = 0) => new Date(2026, 4, d, h, m).getTime();
    expect(lastScheduledMoment(schedule, at(10, 12))).toBe(at(10, 3, 30));
    expect(lastScheduledMoment(schedule, at(10, 2))).toBe(at(9, 3, 30));
    expect(backupDue(schedule, at(10, 3, 31), null)).toBe(true);
    expect(backupDue(schedule, at(10, 3, 31), at(9, 3, 30))).toBe(true);
    expect(backupDue(schedule, at(10, 3, 31), at(10, 3, 30))).toBe(false);
    expect(backupDue(schedule, at(10, 3, 29), at(9, 3, 31))).toBe(false);
    expect(nextScheduledMoment(schedule, at(10, 12))).toBe(at(11, 3, 30));
    expect(nextScheduledMoment(schedule, at(10, 2))).toBe(at(10, 3, 30));
  });
});

function migratedFile(): { dir: string; file: string; open: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scheduled-backup-"));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "news.db");
  const open = new Database(file);
  cleanup.push(() => open.close());
  migrateSqlite(open, MIGRATIONS_FOLDER);
  open.pragma("journal_mode = WAL");
  vi.stubEnv("DATABASE_PATH", file);
  vi.stubEnv("DATA_DIR", dir);
  return { dir, file, open };
}

describe("the scheduled backup", () => {
  it("is a job per scheduled minute: queued by every start, one backup taken, the next day's job waiting", async () => {
    const { dir } = migratedFile();
    const now = new Date();
    const schedule = { hour: now.getHours(), minute: now.getMinutes() };
    vi.stubEnv("BACKUP_SCHEDULE", `${schedule.hour}:${String(schedule.minute).padStart(2, "0")}`);
    vi.stubEnv("DATABASE_URL", "");
    // Two instances (or two starts) queue the same jobs: keyed by the minute, each is there once.
    await scheduleBackupJobs();
    await scheduleBackupJobs();
    await runDueJobs();
    expect(listBackups(dir).filter((b) => b.kind === "scheduled")).toHaveLength(1);
    const key = (at: number) => `backup.scheduled:${new Date(at).toISOString().slice(0, 16)}`;
    const due = lastScheduledMoment(schedule, Date.now());
    expect(await getJobByKey(key(due))).toMatchObject({ state: "done", attempts: 1 });
    const next = nextScheduledMoment(schedule, Date.now());
    expect(await getJobByKey(key(next))).toMatchObject({ state: "queued", runAt: next });
  });

  it("takes an online copy while the database is open and keeps the newest BACKUP_KEEP", async () => {
    const { dir, open } = migratedFile();

    expect(getNewestScheduledBackupAt()).toBeNull();
    const taken = [];
    for (let i = 0; i < 4; i++) {
      open.prepare("insert into settings (key, value) values (?, ?)").run(`scheduled-${i}`, "1");
      taken.push(takeScheduledBackup(2));
    }
    const kept = listBackups(dir).filter((b) => b.kind === "scheduled");
    expect(kept.map((b) => b.dir)).toEqual(taken.slice(-2).map((b) => b.dir));
    expect(taken[3].removed).toEqual([taken[1].dir]);
    const copy = new Database(path.join(kept[1].dir, "news.db"), { readonly: true });
    expect(copy.prepare("select count(*) as n from settings where key like 'scheduled-%'").get()).toEqual({ n: 4 });
    copy.close();
    expect(Date.now() - getNewestScheduledBackupAt()!).toBeLessThan(60_000);

    const { GET } = await import("@/app/api/health/route");
    const body = await (await GET()).json();
    expect(body.backupAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(body.backupAgeSeconds).toBeLessThan(60);
  });
});
