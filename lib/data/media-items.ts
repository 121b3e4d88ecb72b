import "server-only";
import { eq } from "drizzle-orm";
import { transaction } from "@/db";
import { media } from "@/db/schema";

export type NewMediaItem = {
  path: string;
  fileName: string;
  width: number;
  height: number;
  bytes: number;
  uploadedById: number | null;
  alt?: string;
  caption?: string;
  credit?: string;
  createdAt?: number;
};

/** Enters a stored upload in the media library (once: a path already there is left as it is). */
export async function recordMediaItem(item: NewMediaItem): Promise<void> {
  await transaction((tx) => tx.insert(media).values(item).onConflictDoNothing({ target: media.path }));
}

/** Takes an upload out of the library (its uses go with it), before its file is removed. */
export async function forgetMediaItem(path: string): Promise<void> {
  await transaction((tx) => tx.delete(media).where(eq(media.path, path)));
}
