import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { withoutMetadata } from "@/lib/images/without-metadata";

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const FORMATS = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif", gif: "gif" } as const;
const CONTENT_TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", avif: "image/avif", gif: "image/gif" };
const NAME_PATTERN = /^[a-f0-9]{32}\.(jpg|png|webp|avif|gif)$/;

export function uploadsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data", "uploads");
}

export type CheckedImage = { bytes: Buffer; ext: (typeof FORMATS)[keyof typeof FORMATS] };
export type ImageCheck = ({ ok: true } & CheckedImage) | { ok: false; error: string };

/**
 * Checks an uploaded image without storing it. The type is decided by decoding the file (sharp), not
 * by its name or the browser's claim, so a script renamed to .jpg is refused.
 */
export async function checkImageUpload(file: File): Promise<ImageCheck> {
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, error: "The image is too large (8 MB at most)." };
  return checkImageBytes(Buffer.from(await file.arrayBuffer()));
}

const NOT_AN_IMAGE = "That file is not an image we can use (JPEG, PNG, WebP, AVIF or GIF).";

/** An image's bytes decoded and re-encoded without metadata, as every stored image is (uploads, imports). */
export async function checkImageBytes(bytes: Buffer): Promise<ImageCheck> {
  let format: string | undefined;
  try {
    const meta = await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata();
    if (!meta.width || !meta.height) throw new Error("no dimensions");
    format = meta.format;
  } catch {
    return { ok: false, error: NOT_AN_IMAGE };
  }
  const ext = format && format in FORMATS ? FORMATS[format as keyof typeof FORMATS] : null;
  if (!ext) return { ok: false, error: NOT_AN_IMAGE };
  try {
    return { ok: true, bytes: await withoutMetadata(bytes, format as keyof typeof FORMATS), ext };
  } catch {
    return { ok: false, error: NOT_AN_IMAGE };
  }
}

/** Whether a stored upload's file is still there (an import re-run reuses the copies it made). */
export async function uploadExists(publicPath: string): Promise<boolean> {
  const name = publicPath.replace(/^\/uploads\//, "");
  if (!NAME_PATTERN.test(name)) return false;
  return fs
    .stat(path.join(/*turbopackIgnore: true*/ uploadsDir(), name))
    .then((s) => s.isFile())
    .catch(() => false);
}

/** Stores a checked image under a random name; returns its public path. */
export async function storeImageUpload(image: CheckedImage): Promise<string> {
  const name = `${randomBytes(16).toString("hex")}.${image.ext}`;
  await fs.mkdir(uploadsDir(), { recursive: true });
  await fs.writeFile(path.join(/*turbopackIgnore: true*/ uploadsDir(), name), image.bytes, { flag: "wx" });
  return `/uploads/${name}`;
}

/** The bytes and type of a stored upload, or null for any name we did not generate. */
export async function readUpload(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!NAME_PATTERN.test(name)) return null;
  try {
    const bytes = await fs.readFile(path.join(/*turbopackIgnore: true*/ uploadsDir(), name));
    return { bytes, contentType: CONTENT_TYPES[name.split(".").pop()!] };
  } catch {
    return null;
  }
}

/** Removes a stored upload by its public path; anything not a name we generated is left alone. */
export async function removeUpload(publicPath: string | null): Promise<void> {
  const name = publicPath?.startsWith("/uploads/") ? publicPath.slice("/uploads/".length) : "";
  if (!NAME_PATTERN.test(name)) return;
  await fs.rm(path.join(/*turbopackIgnore: true*/ uploadsDir(), name), { force: true });
}
