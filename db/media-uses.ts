// Keeps media_uses (where each library image is placed) in step with the stories' text. It is rewritten
// by indexArticles, in the transaction of every write that changes a story (saves, imports, live
// updates), so the library's "where used" and "Unused" read one indexed table instead of searching
// every body for every image. Deleting an image still checks the stories themselves (lib/data/media.ts).
import { and, inArray, isNull } from "drizzle-orm";
import type { MediaUseKind } from "../lib/domain";
import { uploadPathsIn } from "../lib/upload-names";
import type { Db } from "./index";
import { articles, liveUpdates, media, mediaUses } from "./schema";

type Use = { path: string; articleId: number; kind: MediaUseKind };

async function usesOf(tx: Db, ids: number[]): Promise<Use[]> {
  const [stories, updates] = await Promise.all([
    tx
      .select({ id: articles.id, image: articles.featureImagePath, body: articles.body })
      .from(articles)
      .where(inArray(articles.id, ids)),
    tx
      .select({ articleId: liveUpdates.articleId, image: liveUpdates.imagePath })
      .from(liveUpdates)
      .where(and(inArray(liveUpdates.articleId, ids), isNull(liveUpdates.deletedAt))),
  ]);
  return [
    ...stories.flatMap((s) =>
      uploadPathsIn(s.image).map((path) => ({ path, articleId: s.id, kind: "feature" as const })),
    ),
    ...stories.flatMap((s) => uploadPathsIn(s.body).map((path) => ({ path, articleId: s.id, kind: "body" as const }))),
    ...updates.flatMap((u) =>
      uploadPathsIn(u.image).map((path) => ({ path, articleId: u.articleId, kind: "live" as const })),
    ),
  ];
}

/** Rewrites the uses of these stories as they now stand; call it inside the write's transaction. */
export async function recordMediaUses(tx: Db, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 200) {
    const batch = unique.slice(i, i + 200);
    await tx.delete(mediaUses).where(inArray(mediaUses.articleId, batch));
    const uses = await usesOf(tx, batch);
    if (uses.length === 0) continue;
    const paths = [...new Set(uses.map((u) => u.path))];
    const known = new Map<string, number>();
    for (let j = 0; j < paths.length; j += 500) {
      const rows = await tx
        .select({ id: media.id, path: media.path })
        .from(media)
        .where(inArray(media.path, paths.slice(j, j + 500)));
      for (const r of rows) known.set(r.path, r.id);
    }
    const values = uses.flatMap((u) => {
      const mediaId = known.get(u.path);
      return mediaId === undefined ? [] : [{ mediaId, articleId: u.articleId, kind: u.kind }];
    });
    if (values.length) await tx.insert(mediaUses).values(values).onConflictDoNothing();
  }
}
