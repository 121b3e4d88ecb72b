import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { pageRevisions, pages } from "@/db/schema";
import { numberedSlug } from "@/lib/format/text";
import { pageSlugProblem } from "@/lib/pages/rules";
import type { PageInput } from "@/lib/wordpress/sink";
import { digestOf, loadMappedUndeleted } from "./import-map";
import { pageSlugFacts, type PageWrite } from "./pages";
import { count, type WriteContext } from "./wordpress-terms";

/**
 * Writes a batch's WordPress pages as static pages, each with a revision, and records their old addresses
 * (/about/, /parent/child/, ?page_id=ID). A page deleted here after an earlier import stays deleted.
 */
export async function writePages(ctx: WriteContext, list: PageInput[]): Promise<void> {
  if (list.length === 0) return;
  const { mapped, deleted } = await loadMappedUndeleted(
    ctx.tx,
    { kind: "wp:page", table: pages, noun: "pages" },
    list.map((p) => p.wpId),
    ctx.warnings,
  );
  for (const page of list) {
    const key = `${page.wpId}`;
    if (deleted.has(key)) continue;
    const known = mapped.get(key);
    const digest = digestOf(page);
    if (known?.localId != null && known.digest === digest) {
      count(ctx, "pages", "unchanged");
      continue;
    }
    const id = await savePage(ctx, page, known?.localId ?? null);
    count(ctx, "pages", known ? "updated" : "created");
    ctx.map.push({ kind: "wp:page", sourceKey: key, localId: id, digest });
    ctx.links.push(...page.oldPaths.map((k) => ({ key: k, kind: "page" as const, localId: id })));
  }
}

async function savePage(ctx: WriteContext, p: PageInput, id: number | null): Promise<number> {
  const slug = await freePageSlug(ctx.tx, p.slug, id);
  if (slug !== p.slug) ctx.slugChanges.push({ kind: "page", wpId: p.wpId, wanted: p.slug, got: slug });
  const now = Date.now();
  const write: PageWrite = { title: p.title, slug, body: p.body, status: p.status };
  const values = { ...write, publishedAt: p.publishedAt, updatedAt: p.updatedAt ?? p.publishedAt ?? now };
  if (id === null) {
    [{ id }] = await ctx.tx
      .insert(pages)
      .values({ ...values, createdAt: p.publishedAt ?? values.updatedAt })
      .returning({ id: pages.id });
  } else {
    const [stored] = await ctx.tx.select({ version: pages.version }).from(pages).where(eq(pages.id, id));
    await ctx.tx
      .update(pages)
      .set({ ...values, version: (stored?.version ?? 0) + 1 })
      .where(eq(pages.id, id));
  }
  await ctx.tx
    .insert(pageRevisions)
    .values({ pageId: id, userId: null, snapshot: JSON.stringify(write), createdAt: now });
  return id;
}

/** The wanted slug, or with a suffix (-2, -3…) when a section, another page or a route has it. */
async function freePageSlug(tx: Db, wanted: string, own: number | null): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = numberedSlug(wanted, n);
    if (!pageSlugProblem(candidate, await pageSlugFacts(tx, candidate, own))) return candidate;
  }
}
