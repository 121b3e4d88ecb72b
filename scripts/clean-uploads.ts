// `npm run uploads:clean`: strips EXIF (GPS position, camera, serial number) from images uploaded
// before uploads were cleaned on arrival. Safe while the site runs; run it once after upgrading.
import path from "node:path";
import { cleanStoredUploads } from "../lib/images/clean-stored-uploads";
import { dataDirectory } from "./data-location";

const dir = path.join(dataDirectory(), "uploads");
const cleaned = await cleanStoredUploads(dir);
console.log(
  cleaned.length === 0
    ? `No image in ${dir} carries metadata.`
    : `Removed the metadata from ${cleaned.length} image${cleaned.length === 1 ? "" : "s"} in ${dir}. ` +
        "Backups taken before now still hold the originals.",
);
