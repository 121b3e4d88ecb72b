// Where the site keeps its data, read from the environment as the server reads it. Scripts that must
// not open the database on import (backup, restore) use this instead of db/index.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const dataDirectory = () => path.resolve(process.env.DATA_DIR || "data");
export const databaseFile = () =>
  path.resolve(process.env.DATABASE_PATH || path.join(process.cwd(), "data", "news.db"));

/** AUTH_SECRET from the environment, else one generated once and kept in ./data with mode 0600. */
export function ensureAuthSecret(): string {
  const fromEnv = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDirectory(), "auth-secret");
  fs.mkdirSync(dataDirectory(), { recursive: true });
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    console.log(`Generated AUTH_SECRET in ${file}`);
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** Puts the secret where the app and NextAuth read it, for this process and the ones it starts. */
export function exportAuthSecret(): void {
  const secret = ensureAuthSecret();
  process.env.AUTH_SECRET = secret;
  process.env.NEXTAUTH_SECRET = secret;
}

/** On PostgreSQL (DATABASE_URL) backups are pg_dump's job; says so and exits non-zero. */
export function refuseOnPostgres(what: "backup" | "restore"): void {
  if (!process.env.DATABASE_URL) return;
  console.error(
    what === "backup"
      ? 'DATABASE_URL is set: the data is in PostgreSQL, which backs itself up with pg_dump, e.g.\n  pg_dump --format=custom --file=news.dump "$DATABASE_URL"\nThe uploaded images are in the database too (table upload_files).'
      : 'DATABASE_URL is set: the data is in PostgreSQL; restore a pg_dump file with pg_restore, e.g.\n  pg_restore --clean --if-exists --dbname="$DATABASE_URL" news.dump\n(the uploaded images come back with it: they are in the database).',
  );
  process.exit(1);
}
