// `npm run restore -- BACKUP`: puts a backup from DATA_DIR/backups back, with the server stopped.
// Without an argument, lists the backups there.
import { DatabaseInUseError, listBackups, restoreBackup } from "../db/backup-sqlite";
import { databaseFile, dataDirectory, refuseOnPostgres } from "./data-location";

refuseOnPostgres("restore");
const from = process.argv[2];
if (!from) {
  const backups = listBackups(dataDirectory());
  console.log("Usage: npm run restore -- BACKUP  (a folder in DATA_DIR/backups, or its news.db)\n");
  if (backups.length === 0) console.log(`No backups in ${dataDirectory()}/backups yet (npm run backup makes one).`);
  for (const b of backups) {
    const mb = (b.databaseBytes / 1024 / 1024).toFixed(1);
    console.log(`  ${b.name}  (${mb} MB, ${b.uploads} uploaded images)`);
  }
  process.exit(backups.length === 0 ? 1 : 0);
}

try {
  const result = restoreBackup({ from, databaseFile: databaseFile(), dataDir: dataDirectory() });
  console.log(`Restored ${result.database} from ${from}.`);
  if (result.uploads === null)
    console.log("That backup has no uploads folder; the uploaded images were left as they are.");
  else console.log(`Uploaded images: ${result.uploads}, as they were in the backup.`);
  if (result.safetyCopy) {
    console.log(
      `What was there before is kept in ${result.safetyCopy.dir} (npm run restore -- "${result.safetyCopy.dir}" undoes this).`,
    );
  }
  if (result.setAside) console.log(`The uploads folder found without a database was moved to ${result.setAside}.`);
  console.log("Start the site with npm start; it applies any migration the backup predates.");
} catch (error) {
  console.error(
    error instanceof DatabaseInUseError ? `Not restored. ${error.message}` : String((error as Error).message),
  );
  process.exit(1);
}
