import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * Case-insensitive "column contains text", with the user's own % and _ taken literally. Lowered on
 * both sides because PostgreSQL's LIKE is case-sensitive (SQLite's is not, for ASCII).
 */
export function contains(column: AnyColumn, text: string): SQL {
  return sql`lower(${column}) like lower(${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) escape '\\'`;
}
