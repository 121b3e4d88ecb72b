import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

// A backup is a folder in DATA_DIR/backups: `news.db`, a consistent copy of the database, and
// `uploads/`, the uploaded images as they were. Folders sort by the time they were taken.
export const BACKUP_DATABASE = "news.db";
export const AUTOMATIC_BACKUPS_KEPT = 5;

export type BackupKind = "manual" | "scheduled" | "before-migration" | "before-restore";
const AUTOMATIC: BackupKind[] = ["before-migration", "before-restore"];
const KINDS: BackupKind[] = [...AUTOMATIC, "scheduled"];

export class DatabaseInUseError extends Error {}

export const backupsDir = (dataDir: string) => path.join(dataDir, "backups");
export const uploadsDirIn = (dataDir: string) => path.join(dataDir, "uploads");

/** Files under `from` that are not yet under `to`, hard-linked (copied across file systems). */
function linkFiles(from: string, to: string, { copy = false } = {}): number {
  if (!fs.existsSync(from)) return 0;
  fs.mkdirSync(to, { recursive: true });
  let count = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) count += linkFiles(source, target, { copy });
    if (!entry.isFile() || fs.existsSync(target)) continue;
    try {
      if (copy) fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
      else fs.linkSync(source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue; // removed while we were copying: no story refers to it any more
      if (copy || !["EXDEV", "EPERM", "EMLINK", "ENOTSUP"].includes(code ?? "")) throw error;
      fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    }
    count++;
  }
  return count;
}

const STAMP_LENGTH = "2026-01-01T00-00-00-000Z".length;

function backupName(kind: BackupKind, note: string | undefined, dir: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const base = [stamp, kind, note?.replace(/[^A-Za-z0-9_-]/g, "")].filter(Boolean).join("-");
  let name = base;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i++) name = `${base}-${i}`;
  return name;
}

export type BackupInfo = { dir: string; name: string; kind: BackupKind; databaseBytes: number; uploads: number };

/**
 * Copies the database and the uploads into a new backup folder while the site keeps serving.
 *
 * `VACUUM INTO` reads the whole database in one read transaction, so the copy is one consistent
 * moment, and in WAL mode it blocks no writer (the backup API would restart from scratch on every
 * write made meanwhile by the server). Uploads are linked before and after that moment: an image is
 * written before the story that uses it is saved, so every image the copy refers to is included.
 * Hard links cost no space and are safe because an upload is never rewritten in place (each has a
 * new random name).
 */
export function createBackup(
  sqlite: Database.Database,
  { dataDir, kind, note }: { dataDir: string; kind: BackupKind; note?: string },
): BackupInfo {
  const root = backupsDir(dataDir);
  fs.mkdirSync(root, { recursive: true });
  const name = backupName(kind, note, root);
  const partial = path.join(root, `.${name}.partial`);
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial);
  try {
    linkFiles(uploadsDirIn(dataDir), path.join(partial, "uploads"));
    sqlite.prepare("VACUUM INTO ?").run(path.join(partial, BACKUP_DATABASE));
    linkFiles(uploadsDirIn(dataDir), path.join(partial, "uploads"));
    fs.mkdirSync(path.join(partial, "uploads"), { recursive: true });
    const dir = path.join(root, name);
    // Renamed into place last, so a backup that is listed is a complete one.
    fs.renameSync(partial, dir);
    if (AUTOMATIC.includes(kind)) pruneAutomaticBackups(dataDir);
    const databaseBytes = fs.statSync(path.join(dir, BACKUP_DATABASE)).size;
    return { dir, name, kind, databaseBytes, uploads: countFiles(path.join(dir, "uploads")) };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : e.isFile() ? 1 : 0), 0);
}

/** Backups in DATA_DIR/backups, oldest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const root = backupsDir(dataDir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter(
      (e) => e.isDirectory() && !e.name.startsWith(".") && fs.existsSync(path.join(root, e.name, BACKUP_DATABASE)),
    )
    .map((e) => {
      const dir = path.join(root, e.name);
      // The name is "<UTC time>-<kind>[-<note>]"; the time has a fixed width.
      const kind = KINDS.find((k) => e.name.slice(STAMP_LENGTH + 1).startsWith(k)) ?? "manual";
      const databaseBytes = fs.statSync(path.join(dir, BACKUP_DATABASE)).size;
      return { dir, name: e.name, kind, databaseBytes, uploads: countFiles(path.join(dir, "uploads")) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps the newest automatic backups; backups taken by hand are never removed. */
export function pruneAutomaticBackups(dataDir: string, keep = AUTOMATIC_BACKUPS_KEPT): string[] {
  const automatic = listBackups(dataDir).filter((b) => AUTOMATIC.includes(b.kind));
  const removed = automatic.slice(0, Math.max(0, automatic.length - keep));
  for (const b of removed) fs.rmSync(b.dir, { recursive: true, force: true });
  return removed.map((b) => b.dir);
}

/** Keeps the newest `keep` scheduled backups (BACKUP_KEEP); returns the folders removed. */
export function pruneScheduledBackups(dataDir: string, keep: number): string[] {
  const scheduled = listBackups(dataDir).filter((b) => b.kind === "scheduled");
  const removed = scheduled.slice(0, Math.max(0, scheduled.length - Math.max(1, keep)));
  for (const b of removed) fs.rmSync(b.dir, { recursive: true, force: true });
  return removed.map((b) => b.dir);
}

/** When the newest backup of any kind was taken (its database copy's time), or null when there is none. */
export function newestBackupAt(dataDir: string): number | null {
  const root = backupsDir(dataDir);
  if (!fs.existsSync(root)) return null;
  let newest: number | null = null;
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const file = path.join(root, e.name, BACKUP_DATABASE);
    if (!fs.existsSync(file)) continue;
    const at = fs.statSync(file).mtimeMs;
    if (newest === null || at > newest) newest = at;
  }
  return newest;
}

/**
 * A connection holding the database exclusively, or null if another process has it open. Every
 * connection to a WAL database (the server's, `next dev`'s, the cache handler's read-only one) holds
 * a shared lock on it while open, and the operating system drops that lock when the process ends,
 * so this cannot be fooled by a stale pid file after a crash.
 */
export function lockDatabase(file: string): Database.Database | null {
  const guard = new Database(file, { fileMustExist: true, timeout: 100 });
  try {
    guard.pragma("locking_mode = EXCLUSIVE");
    guard.exec("BEGIN EXCLUSIVE");
    guard.exec("COMMIT");
    return guard;
  } catch (error) {
    guard.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") return null;
    throw error;
  }
}

function checkedBackupDatabase(file: string): void {
  let copy: Database.Database;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new Error(`${file} is not a database backup.`);
  }
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`${file} is damaged (integrity check: ${check}).`);
    const journal = copy.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'");
    if (!journal.get()) throw new Error(`${file} is not a backup of this site's database.`);
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_NOTADB") throw new Error(`${file} is not a database backup.`);
    throw error;
  } finally {
    copy.close();
  }
}

/** A backup folder, its news.db, or a folder name in DATA_DIR/backups → the database file to restore. */
export function resolveBackup(given: string, dataDir: string): { database: string; uploads: string | null } {
  const candidates = [given, path.join(backupsDir(dataDir), given)];
  for (const candidate of candidates) {
    // Paths typed by whoever runs `npm run restore`; the ignore keeps Next from tracing the whole project.
    if (!fs.existsSync(/*turbopackIgnore: true*/ candidate)) continue;
    const database = fs.statSync(/*turbopackIgnore: true*/ candidate).isDirectory()
      ? path.join(candidate, BACKUP_DATABASE)
      : candidate;
    if (!fs.existsSync(database)) continue;
    const uploads = path.join(path.dirname(database), "uploads");
    return { database: path.resolve(database), uploads: fs.existsSync(uploads) ? path.resolve(uploads) : null };
  }
  throw new Error(`No backup at ${given}.`);
}

export type RestoreResult = {
  database: string;
  uploads: number | null;
  /** What the restore replaced, as a before-restore backup (null when there was no database). */
  safetyCopy: BackupInfo | null;
  /** The uploads folder found without a database beside it, moved here rather than deleted. */
  setAside: string | null;
};

/**
 * Puts a backup back: the database file, and the uploads folder if the backup has one. Refuses while
 * any other process has the database open. What is replaced is first saved as a "before-restore"
 * backup, so a restore can itself be undone.
 */
export function restoreBackup({
  from,
  databaseFile,
  dataDir,
}: {
  from: string;
  databaseFile: string;
  dataDir: string;
}): RestoreResult {
  const backup = resolveBackup(from, dataDir);
  checkedBackupDatabase(backup.database);
  const incoming = `${databaseFile}.restoring`;
  const incomingUploads = `${uploadsDirIn(dataDir)}.restoring`;
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });

  let guard: Database.Database | null = null;
  let safetyCopy: BackupInfo | null = null;
  if (fs.existsSync(databaseFile)) {
    guard = lockDatabase(databaseFile);
    if (!guard) {
      throw new DatabaseInUseError(
        `The database ${databaseFile} is open in another process: the server is probably running. ` +
          "Stop it first (Ctrl-C where `npm start` runs, or stop its service), then restore again. Nothing was changed.",
      );
    }
  }
  try {
    if (guard) safetyCopy = createBackup(guard, { dataDir, kind: "before-restore" });
    fs.rmSync(incoming, { force: true });
    fs.copyFileSync(backup.database, incoming);
    fs.rmSync(incomingUploads, { recursive: true, force: true });
    const uploads = backup.uploads ? linkFiles(backup.uploads, incomingUploads, { copy: true }) : null;
    if (backup.uploads) fs.mkdirSync(incomingUploads, { recursive: true });

    // Closing the last connection checkpoints the WAL into the old file; a -wal or -shm left beside
    // the restored file would otherwise be replayed into it.
    guard?.close();
    guard = null;
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
    fs.renameSync(incoming, databaseFile);
    let setAside: string | null = null;
    if (backup.uploads) {
      // Without a database there was no safety copy to hold the current uploads: keep them aside.
      if (!safetyCopy && fs.existsSync(uploadsDirIn(dataDir))) {
        setAside = `${uploadsDirIn(dataDir)}-replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        fs.renameSync(uploadsDirIn(dataDir), setAside);
      }
      fs.rmSync(uploadsDirIn(dataDir), { recursive: true, force: true });
      fs.renameSync(incomingUploads, uploadsDirIn(dataDir));
    }
    return { database: databaseFile, uploads, safetyCopy, setAside };
  } finally {
    guard?.close();
    fs.rmSync(incoming, { force: true });
    fs.rmSync(incomingUploads, { recursive: true, force: true });
  }
}

/** For `migrateSqlite`: a "before-migration" backup, announced, whose folder the migration names if it fails. */
export function backupBeforeMigrating(sqlite: Database.Database, dataDir: string): (tags: string[]) => string {
  return (tags) => {
    const backup = createBackup(sqlite, { dataDir, kind: "before-migration", note: tags[0] });
    console.log(`Backed up the database to ${backup.dir} before applying migration ${tags.join(", ")}.`);
    return backup.dir;
  };
}
