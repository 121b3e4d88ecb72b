// npm run db:copy -- --to postgres://user@host/db — moves this publication (DATABASE_PATH, DATA_DIR)
// into an empty PostgreSQL database: tables, ids, uploaded images; then the site starts there with
// DATABASE_URL set to the same address. The SQLite database and files are only read.
import path from "node:path";
import { dataDirectory, databaseFile } from "./data-location";

const at = process.argv.indexOf("--to");
const target = at > 0 ? process.argv[at + 1] : undefined;
if (!target || !/^postgres(ql)?:\/\//.test(target)) {
  console.error("Usage: npm run db:copy -- --to postgres://user@host:5432/database  (an empty database)");
  process.exit(2);
}
const from = { databaseFile: databaseFile(), uploadsDir: path.join(dataDirectory(), "uploads") };
// The process's database connection is the target; db/index.ts reads DATABASE_URL when first imported.
process.env.DATABASE_URL = target;
const { closeDatabase } = await import("../db/index");
const { copyToPostgres, CopyRefusedError } = await import("../db/copy-to-postgres");

const shown = new URL(target);
shown.password = shown.password ? "***" : "";
console.log(`Copying ${from.databaseFile} and ${from.uploadsDir} into ${shown.toString()}…`);
const started = performance.now();
try {
  const report = await copyToPostgres(from);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const width = Math.max(...report.tables.map((t) => t.table.length), "upload_files".length);
  for (const t of [...report.tables, report.uploads])
    console.log(`  ${t.table.padEnd(width)}  ${String(t.target).padStart(8)} rows  (source ${t.source})`);
  if (report.skippedFiles.length > 0)
    console.log(`  Not copied (not uploads): ${report.skippedFiles.join(", ")} in ${from.uploadsDir}`);
  const secondsOf = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `Rows and uploads copied in ${secondsOf(report.timings.rows)} s; search index rebuilt for ` +
      `${report.indexed} articles in ${secondsOf(report.timings.searchIndex)} s.`,
  );
  console.log(`Copied and verified in ${seconds} s. Start the site with DATABASE_URL set to that address.`);
} catch (error) {
  console.error(error instanceof CopyRefusedError ? `Refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
