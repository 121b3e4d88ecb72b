import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { db, engine, transaction } from "@/db";
// PostgreSQL's own table (not in @/db/schema, the tables both engines have): used only on PostgreSQL.
import { uploadFiles } from "@/db/schema/postgres";
import { withoutMetadata } from "@/lib/images/without-metadata";
import { UPLOAD_NAME_PATTERN, uploadContentType } from "@/lib/upload-names";
import { forgetMediaItem, recordMediaItem } from "./media-items";

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const FORMATS = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif", gif: "gif" } as const;
const NAME_PATTERN = UPLOAD_NAME_PATTERN;

export function uploadsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data", "uploads");
}

export type CheckedImage = {
  bytes: Buffer;
  ext: (typeof FORMATS)[keyof typeof FORMATS];
  /** The stored image's pixel size (after the EXIF orientation is applied); 0 when unknown. */
  width?: number;
  height?: number;
};
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
    const cleaned = await withoutMetadata(bytes, format as keyof typeof FORMATS);
    const { width = 0, pageHeight, height = 0 } = await sharp(cleaned, { limitInputPixels: 50_000_000 }).metadata();
    return { ok: true, bytes: cleaned, ext, width, height: pageHeight ?? height };
  } catch {
    return { ok: false, error: NOT_AN_IMAGE };
  }
}

/** Where uploaded images live: files on this machine, or PostgreSQL rows every instance reads. */
type UploadStore = {
  exists(name: string): Promise<boolean>;
  write(name: string, bytes: Buffer): Promise<void>;
  read(name: string): Promise<Buffer | null>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
};

const fileOf = (name: string) => path.join(/*turbopackIgnore: true*/ uploadsDir(), name);

const diskStore: UploadStore = {
  exists: (name) =>
    fs
      .stat(fileOf(name))
      .then((s) => s.isFile())
      .catch(() => false),
  async write(name, bytes) {
    await fs.mkdir(uploadsDir(), { recursive: true });
    await fs.writeFile(fileOf(name), bytes, { flag: "wx" });
  },
  read: (name) => fs.readFile(fileOf(name)).catch(() => null),
  remove: (name) => fs.rm(fileOf(name), { force: true }),
  list: () => fs.readdir(uploadsDir()).catch(() => []),
};

// Several app instances share one PostgreSQL database but not a disk, so there the bytes are rows.
const databaseStore: UploadStore = {
  async exists(name) {
    const found = await db.select({ name: uploadFiles.name }).from(uploadFiles).where(eq(uploadFiles.name, name));
    return found.length > 0;
  },
  async write(name, bytes) {
    const contentType = uploadContentType(name);
    await transaction((tx) => tx.insert(uploadFiles).values({ name, contentType, bytes }));
  },
  async read(name) {
    const [found] = await db.select({ bytes: uploadFiles.bytes }).from(uploadFiles).where(eq(uploadFiles.name, name));
    return found?.bytes ?? null;
  },
  async remove(name) {
    await transaction((tx) => tx.delete(uploadFiles).where(eq(uploadFiles.name, name)));
  },
  async list() {
    return (await db.select({ name: uploadFiles.name }).from(uploadFiles)).map((r) => r.name);
  },
};

const store = (): UploadStore => (engine === "postgres" ? databaseStore : diskStore);
const nameOf = (publicPath: string | null) =>
  publicPath?.startsWith("/uploads/") ? publicPath.slice("/uploads/".length) : "";

/** Whether a stored upload is still there (an import re-run reuses the copies it made). */
export async function uploadExists(publicPath: string): Promise<boolean> {
  const name = nameOf(publicPath);
  return NAME_PATTERN.test(name) && store().exists(name);
}

/** The public paths of every stored upload, in name order. */
export async function listUploads(): Promise<string[]> {
  const names = await store().list();
  return names
    .filter((name) => NAME_PATTERN.test(name))
    .sort()
    .map((name) => `/uploads/${name}`);
}

/** Who uploaded an image and what it was called on their machine, for the media library. */
export type UploadOrigin = { uploadedById?: number | null; fileName?: string };

/**
 * Stores a checked image under a random name and enters it in the media library; returns its public
 * path. Every upload (feature image, story body, live update, import) comes through here.
 */
export async function storeImageUpload(image: CheckedImage, origin: UploadOrigin = {}): Promise<string> {
  const name = `${randomBytes(16).toString("hex")}.${image.ext}`;
  await store().write(name, image.bytes);
  const publicPath = `/uploads/${name}`;
  await recordMediaItem({
    path: publicPath,
    fileName: cleanFileName(origin.fileName) || name,
    width: image.width ?? 0,
    height: image.height ?? 0,
    bytes: image.bytes.length,
    uploadedById: origin.uploadedById ?? null,
  });
  return publicPath;
}

/** The name a file had on the uploader's machine, without any folder, as the library shows it. */
function cleanFileName(name: string | undefined): string {
  return (name ?? "")
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001F\u007F]/g, "")
    .trim()
    .slice(0, 200);
}

/** The bytes and type of a stored upload, or null for any name we did not generate. */
export async function readUpload(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!NAME_PATTERN.test(name)) return null;
  const bytes = await store().read(name);
  return bytes ? { bytes, contentType: uploadContentType(name) } : null;
}

/** Removes a stored upload, and its library entry, by its public path; any other name is left alone. */
export async function removeUpload(publicPath: string | null): Promise<void> {
  const name = nameOf(publicPath);
  if (!NAME_PATTERN.test(name)) return;
  await forgetMediaItem(`/uploads/${name}`);
  await store().remove(name);
}
