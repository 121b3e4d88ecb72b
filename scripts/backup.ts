// `npm run backup`: a consistent copy of the database and the uploaded images into DATA_DIR/backups,
// safe to run while the site serves traffic.
import fs from "node:fs";
import Database from "better-sqlite3";
import { createBackup } from "../db/backup-sqlite";
import { databaseFile, dataDirectory, refuseOnPostgres } from "./data-location";

refuseOnPostgres("backup");
const file = databaseFile();
if (!fs.existsSync(file)) {
  console.error(`There is no database at ${file} to back up (set DATABASE_PATH if it lives elsewhere).`);
  process.exit(1);
}
const started = performance.now();
const sqlite = new Database(file, { fileMustExist: true, timeout: 5000 });
try {
  const backup = createBackup(sqlite, { dataDir: dataDirectory(), kind: "manual" });
  const mb = (backup.databaseBytes / 1024 / 1024).toFixed(1);
  console.log(
    `Backed up ${file} (${mb} MB) and ${backup.uploads} uploaded images in ${Math.round(performance.now() - started)} ms to\n  ${backup.dir}\n` +
      `Put it back with: npm run restore -- "${backup.dir}"`,
  );
} finally {
  sqlite.close();
}
