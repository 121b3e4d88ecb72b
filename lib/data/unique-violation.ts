import "server-only";

/**
 * Whether `error` (or what it wraps: Drizzle puts the driver's error in `cause`) is the database
 * refusing a row that breaks the unique index `index` on `table.column`. A check before the write
 * cannot close the gap between two requests; the index does, and this turns its refusal into an
 * answer the form can show.
 * - SQLite (better-sqlite3): code SQLITE_CONSTRAINT_UNIQUE, message "UNIQUE constraint failed: table.column".
 * - PostgreSQL (pg): code 23505 (unique_violation), `constraint` = the index name.
 */
export function isUniqueViolation(error: unknown, target: { table: string; column: string; index: string }): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message, constraint } = e as { code?: unknown; message?: unknown; constraint?: unknown };
    if (code === "23505" && constraint === target.index) return true;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" && typeof message === "string")
      return message.includes(`${target.table}.${target.column}`);
  }
  return false;
}
