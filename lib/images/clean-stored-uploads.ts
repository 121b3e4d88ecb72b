import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { withoutMetadata, type StillOrAnimatedFormat } from "./without-metadata";

const FORMATS = new Set<string>(["jpeg", "png", "webp", "avif", "gif"]);

/**
 * Re-encodes, without metadata, the images uploaded before uploads were cleaned on arrival. Each
 * cleaned file replaces the old one by rename (a new inode), so a reader never gets half a file and
 * hard-linked backups keep the bytes they had. Returns the names cleaned.
 */
export async function cleanStoredUploads(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const cleaned: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.startsWith(".") || !(await fs.stat(file)).isFile()) continue;
    const bytes = await fs.readFile(file);
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => null);
    if (!meta?.format || !FORMATS.has(meta.format)) continue;
    const carriesMetadata =
      meta.exif || meta.xmp || meta.iptc || meta.comments?.length || (meta.orientation ?? 1) !== 1;
    if (!carriesMetadata) continue;
    const temporary = path.join(dir, `.${name}.cleaning`);
    await fs.writeFile(temporary, await withoutMetadata(bytes, meta.format as StillOrAnimatedFormat));
    await fs.rename(temporary, file);
    cleaned.push(name);
  }
  return cleaned;
}
