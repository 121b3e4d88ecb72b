// Enters in the media library the uploads stored before it existed (or written around it: a restored
// backup, files copied into DATA_DIR/uploads). Run at start after the migrations (scripts/prepare.ts).
// Each image starts with the alt text, caption and credit its first story gave it, and the story's
// creator as its uploader, so nothing a writer typed is lost and they can still manage their images.
import fs from "node:fs/promises";
import path from "node:path";
import { asc, eq, gt, inArray } from "drizzle-orm";
import sharp from "sharp";
import { bodyImageAlts, parseFigureLine } from "../lib/content/figure";
import { UPLOAD_NAME_PATTERN, uploadPathsIn } from "../lib/upload-names";
import { engine, transaction, db } from "./index";
import { recordMediaUses } from "./media-uses";
import { articles, liveUpdates, media } from "./schema";
import { uploadFiles } from "./schema/postgres";

type Stored = { name: string; createdAt: number };
type Description = { alt: string; caption: string; credit: string; uploadedById: number | null };

const uploadsDir = () => path.resolve(process.env.DATA_DIR || "data", "uploads");

async function storedUploads(): Promise<Stored[]> {
  if (engine === "postgres")
    return db.select({ name: uploadFiles.name, createdAt: uploadFiles.createdAt }).from(uploadFiles);
  const names = await fs.readdir(uploadsDir()).catch(() => [] as string[]);
  const found: Stored[] = [];
  for (const name of names.filter((n) => UPLOAD_NAME_PATTERN.test(n))) {
    const stat = await fs.stat(path.join(uploadsDir(), name)).catch(() => null);
    if (stat?.isFile()) found.push({ name, createdAt: Math.round(stat.mtimeMs) });
  }
  return found;
}

async function readStored(name: string): Promise<Buffer | null> {
  if (engine === "postgres") {
    const [row] = await db.select({ bytes: uploadFiles.bytes }).from(uploadFiles).where(eq(uploadFiles.name, name));
    return row?.bytes ?? null;
  }
  return fs.readFile(path.join(uploadsDir(), name)).catch(() => null);
}

/** What each image's first story (by id) said about it: its feature image fields, or its figure's. */
async function describeFromStories(wanted: Set<string>): Promise<Map<string, Description>> {
  const described = new Map<string, Description>();
  const note = (p: string, d: Description) => {
    if (wanted.has(p) && !described.has(p)) described.set(p, d);
  };
  let after = 0;
  for (;;) {
    const batch = await db
      .select({
        id: articles.id,
        by: articles.createdById,
        image: articles.featureImagePath,
        alt: articles.featureImageAlt,
        caption: articles.featureImageCaption,
        credit: articles.featureImageCredit,
        body: articles.body,
      })
      .from(articles)
      .where(gt(articles.id, after))
      .orderBy(asc(articles.id))
      .limit(500);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    for (const a of batch) {
      if (a.image) note(a.image, { alt: a.alt, caption: a.caption, credit: a.credit, uploadedById: a.by });
      for (const line of a.body.split("\n")) {
        const figure = parseFigureLine(line);
        if (figure) note(figure.src, { ...figure, uploadedById: a.by });
      }
      for (const image of bodyImageAlts(a.body))
        note(image.src, { alt: image.alt, caption: "", credit: "", uploadedById: a.by });
    }
  }
  const live = await db
    .select({ image: liveUpdates.imagePath, alt: liveUpdates.imageAlt, by: liveUpdates.createdById })
    .from(liveUpdates)
    .where(inArray(liveUpdates.imagePath, [...wanted]));
  for (const u of live) if (u.image) note(u.image, { alt: u.alt, caption: "", credit: "", uploadedById: u.by });
  return described;
}

async function sizeOf(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { limitInputPixels: 50_000_000 })
    .metadata()
    .catch(() => null);
  return { width: meta?.width ?? 0, height: meta?.pageHeight ?? meta?.height ?? 0 };
}

/** Rewrites the uses of every story that mentions an upload, 500 stories at a time. */
async function recordAllUses(): Promise<void> {
  for (let after = 0; ;) {
    const batch = await db
      .select({ id: articles.id, image: articles.featureImagePath, body: articles.body })
      .from(articles)
      .where(gt(articles.id, after))
      .orderBy(asc(articles.id))
      .limit(500);
    if (batch.length === 0) return;
    after = batch[batch.length - 1].id;
    const ids = batch.filter((a) => uploadPathsIn(`${a.image ?? ""}\n${a.body}`).length > 0).map((a) => a.id);
    if (ids.length) await transaction((tx) => recordMediaUses(tx, ids));
  }
}

/** Enters every stored upload missing from the library; returns how many it added. */
export async function backfillMediaLibrary(): Promise<number> {
  const stored = await storedUploads();
  const known = new Set((await db.select({ path: media.path }).from(media)).map((r) => r.path));
  const missing = stored.filter((s) => !known.has(`/uploads/${s.name}`));
  if (missing.length === 0) return 0;
  const described = await describeFromStories(new Set(missing.map((s) => `/uploads/${s.name}`)));
  for (const upload of missing) {
    const bytes = await readStored(upload.name);
    if (!bytes) continue;
    const publicPath = `/uploads/${upload.name}`;
    const { uploadedById = null, ...text } = described.get(publicPath) ?? { alt: "", caption: "", credit: "" };
    const size = await sizeOf(bytes);
    await transaction((tx) =>
      tx
        .insert(media)
        .values({
          path: publicPath,
          fileName: upload.name,
          ...size,
          bytes: bytes.length,
          ...text,
          uploadedById,
          createdAt: upload.createdAt,
          updatedAt: upload.createdAt,
        })
        .onConflictDoNothing({ target: media.path }),
    );
  }
  await recordAllUses();
  return missing.length;
}
