import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databasePath, engine } from "@/db";
import {
  BACKUP_DATABASE,
  createBackup,
  listBackups,
  newestBackupAt,
  pruneScheduledBackups,
  type BackupInfo,
} from "@/db/backup-sqlite";

export const dataDirectory = () => path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data");

/** When the newest backup in DATA_DIR/backups was taken; null on PostgreSQL (pg_dump's job) or when none. */
export function getNewestBackupAt(): number | null {
  return engine === "postgres" ? null : newestBackupAt(dataDirectory());
}

/** When the newest scheduled backup was taken, or null. */
export function getNewestScheduledBackupAt(): number | null {
  const last = listBackups(dataDirectory())
    .filter((b) => b.kind === "scheduled")
    .at(-1);
  return last ? fs.statSync(path.join(last.dir, BACKUP_DATABASE)).mtimeMs : null;
}

/**
 * An online backup taken by the running server: a connection of its own runs VACUUM INTO (one
 * consistent moment, no writer blocked), then the oldest scheduled backups beyond `keep` are removed.
 */
export function takeScheduledBackup(keep: number): BackupInfo & { removed: string[] } {
  const sqlite = new Database(databasePath(), { fileMustExist: true, timeout: 5000 });
  try {
    const backup = createBackup(sqlite, { dataDir: dataDirectory(), kind: "scheduled" });
    return { ...backup, removed: pruneScheduledBackups(dataDirectory(), keep) };
  } finally {
    sqlite.close();
  }
}
