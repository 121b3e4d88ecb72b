import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { readUpload } from "./uploads";

export type ImageSize = { width: number; height: number };

// Images never change under a path (uploads get fresh names; bundled images ship with the build).
const known = new Map<string, ImageSize | null>();

async function imageBytes(imagePath: string): Promise<Buffer | null> {
  const upload = imagePath.match(/^\/uploads\/([^/]+)$/);
  if (upload) return (await readUpload(upload[1]))?.bytes ?? null;
  if (!/^\/images\/[\w/.-]+$/.test(imagePath) || imagePath.includes("..")) return null;
  return fs.readFile(path.join(/*turbopackIgnore: true*/ process.cwd(), "public", imagePath)).catch(() => null);
}

/** The pixel size of a feature image, for structured data; null when it cannot be read. */
export async function getImageSize(imagePath: string): Promise<ImageSize | null> {
  if (known.has(imagePath)) return known.get(imagePath)!;
  const bytes = await imageBytes(imagePath);
  const meta = bytes
    ? await sharp(bytes)
        .metadata()
        .catch(() => null)
    : null;
  const size = meta?.width && meta.height ? { width: meta.width, height: meta.height } : null;
  known.set(imagePath, size);
  return size;
}
