import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** `column LIKE '%text%'`, with the user's own % and _ taken literally. */
export function contains(column: AnyColumn, text: string): SQL {
  return sql`${column} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}
