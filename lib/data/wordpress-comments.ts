import "server-only";
import { eq } from "drizzle-orm";
import { comments } from "@/db/schema";
import type { CommentInput } from "@/lib/wordpress/sink";
import { chunks, digestOf, loadMappedUndeleted, type Mapped } from "./import-map";
import { count, type WriteContext } from "./wordpress-terms";

type Prepared = { input: CommentInput; articleId: number; digest: string; known: Mapped | undefined };

/**
 * Writes a batch's comments. New ones are inserted many rows per statement, in waves: the top-level
 * comments and replies to comments already stored first, then replies to those, and so on, so every
 * reply's parent has its id when the reply is written.
 */
export async function writeComments(ctx: WriteContext, list: CommentInput[], articleIds: Map<number, number>) {
  if (list.length === 0) return;
  // Deleted in the newsroom (emptied spam, say) since an earlier import: they stay deleted.
  const { mapped, deleted } = await loadMappedUndeleted(
    ctx.tx,
    { kind: "wp:comment", table: comments, noun: "comments" },
    list.map((c) => c.wpId),
    ctx.warnings,
  );
  const local = new Map<number, number>();
  for (const [key, m] of mapped) if (m.localId !== null) local.set(Number(key), m.localId);
  const waves: Prepared[][] = [];
  const waveOf = new Map<number, number>();
  for (const input of list) {
    if (deleted.has(`${input.wpId}`)) continue;
    const articleId = articleIds.get(input.articleWpId);
    if (articleId === undefined) {
      ctx.warnings.push(`comment ${input.wpId}: its post ${input.articleWpId} was not imported; comment skipped.`);
      continue;
    }
    const known = mapped.get(`${input.wpId}`);
    const prepared = { input, articleId, digest: digestOf(input), known };
    if (known?.localId != null) {
      await updateComment(ctx, prepared, local);
      continue;
    }
    // A reply to a comment new in this batch goes one wave after its parent.
    const parentWave = input.parentWpId !== null ? waveOf.get(input.parentWpId) : undefined;
    const wave = parentWave === undefined ? 0 : parentWave + 1;
    waveOf.set(input.wpId, wave);
    (waves[wave] ??= []).push(prepared);
  }
  for (const wave of waves) if (wave) await insertWave(ctx, wave, local);
}

function values(p: Prepared, local: Map<number, number>) {
  const c = p.input;
  return {
    articleId: p.articleId,
    parentId: c.parentWpId !== null ? (local.get(c.parentWpId) ?? null) : null,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorUrl: c.authorUrl,
    authorIp: c.authorIp,
    body: c.body,
    status: c.status,
    createdAt: c.createdAt ?? Date.now(),
  };
}

async function updateComment(ctx: WriteContext, p: Prepared, local: Map<number, number>) {
  if (p.known!.digest === p.digest) return count(ctx, "comments", "unchanged");
  await ctx.tx.update(comments).set(values(p, local)).where(eq(comments.id, p.known!.localId!));
  ctx.map.push({ kind: "wp:comment", sourceKey: `${p.input.wpId}`, localId: p.known!.localId, digest: p.digest });
  count(ctx, "comments", "updated");
}

async function insertWave(ctx: WriteContext, wave: Prepared[], local: Map<number, number>) {
  for (const part of chunks(wave, 10)) {
    const returned = await ctx.tx
      .insert(comments)
      .values(part.map((p) => values(p, local)))
      .returning({ id: comments.id });
    if (returned.length !== part.length) throw new Error("comment insert returned fewer ids than rows");
    // RETURNING promises no order, but both engines number a statement's rows in the order of its VALUES.
    const ids = returned.map((r) => r.id).sort((a, b) => a - b);
    part.forEach((p, i) => {
      local.set(p.input.wpId, ids[i]);
      ctx.map.push({ kind: "wp:comment", sourceKey: `${p.input.wpId}`, localId: ids[i], digest: p.digest });
    });
    ctx.counts.comments = { ...ctx.counts.comments, created: (ctx.counts.comments?.created ?? 0) + part.length };
  }
}
