// `npm run uploads:clean`: strips EXIF (GPS position, camera, serial number) from images uploaded
// before uploads were cleaned on arrival. Safe while the site runs; run it once after upgrading.
import path from "node:path";
import { cleanStoredUploads } from "../lib/images/clean-stored-uploads";
import { dataDirectory } from "./data-location";

if (process.env.DATABASE_URL) {
  // Uploads made on PostgreSQL were cleaned on arrival; older ones arrive through db:copy as they were.
  console.log(
    "DATABASE_URL is set: uploads are in PostgreSQL, cleaned when they were uploaded. Run this on the " +
      "SQLite side (without DATABASE_URL) before npm run db:copy to clean older ones.",
  );
  process.exit(0);
}
const dir = path.join(dataDirectory(), "uploads");
const cleaned = await cleanStoredUploads(dir);
console.log(
  cleaned.length === 0
    ? `No image in ${dir} carries metadata.`
    : `Removed the metadata from ${cleaned.length} image${cleaned.length === 1 ? "" : "s"} in ${dir}. ` +
        "Backups taken before now still hold the originals.",
);
