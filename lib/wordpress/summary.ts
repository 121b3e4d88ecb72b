import type { ArticleStatus, CommentStatus, EntityKind, Outcome, OutcomeCounts, SlugChange } from "./sink";
import { ENTITY_KINDS } from "./sink";

// Lists in the summary keep their first entries only, so a huge import cannot grow them without bound.
export const LIST_LIMIT = 200;

export type ImportSummary = {
  dryRun: boolean;
  site: { title: string; url: string; generator: string } | null;
  counts: Record<EntityKind, OutcomeCounts>;
  articleStatuses: Record<ArticleStatus | "trashed", number>;
  commentStatuses: Record<CommentStatus, number>;
  /** Why items and comments were not imported, with how many. */
  skipped: Record<string, number>;
  unknownShortcodes: Record<string, number>;
  droppedBlocks: Record<string, number>;
  embeds: number;
  /** Nested categories, flattened into sections. */
  nestedSections: { slug: string; parent: string }[];
  slugChanges: SlugChange[];
  /** The uploads folder images were copied from; null when none was given (images keep old addresses). */
  uploadsFolder: string | null;
  missingImages: { uploadsPath: string; articleWpId: number }[];
  missingImageCount: number;
  warnings: string[];
  warningCount: number;
  bytesRead: number;
  durationMs: number;
};

export function emptySummary(dryRun: boolean): ImportSummary {
  const zero = (): OutcomeCounts => ({ created: 0, updated: 0, unchanged: 0 });
  return {
    dryRun,
    site: null,
    counts: Object.fromEntries(ENTITY_KINDS.map((k) => [k, zero()])) as Record<EntityKind, OutcomeCounts>,
    articleStatuses: { published: 0, scheduled: 0, draft: 0, trashed: 0 },
    commentStatuses: { approved: 0, pending: 0, spam: 0, trash: 0 },
    skipped: {},
    unknownShortcodes: {},
    droppedBlocks: {},
    embeds: 0,
    nestedSections: [],
    slugChanges: [],
    uploadsFolder: null,
    missingImages: [],
    missingImageCount: 0,
    warnings: [],
    warningCount: 0,
    bytesRead: 0,
    durationMs: 0,
  };
}

export function addCount(record: Record<string, number>, key: string, n = 1) {
  record[key] = (record[key] ?? 0) + n;
}

export function addWarning(summary: ImportSummary, message: string) {
  summary.warningCount++;
  if (summary.warnings.length < LIST_LIMIT) summary.warnings.push(message);
}

export function addOutcomes(summary: ImportSummary, kind: EntityKind, counts: Partial<OutcomeCounts> | undefined) {
  if (!counts) return;
  for (const outcome of ["created", "updated", "unchanged"] as Outcome[])
    summary.counts[kind][outcome] += counts[outcome] ?? 0;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function entries(record: Record<string, number>): string {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n.toLocaleString("en-US")}`)
    .join(", ");
}

/** The summary as the command line prints it (and the import screen shows it). */
export function formatSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const verb = s.dryRun ? "Would import" : "Imported";
  if (s.site)
    lines.push(
      `${s.site.title || "(untitled site)"} — ${s.site.url}${s.site.generator ? ` (${s.site.generator})` : ""}`,
    );
  lines.push(
    `${verb} in ${(s.durationMs / 1000).toFixed(1)} s (${formatBytes(s.bytesRead)} read)${s.dryRun ? " — dry run, nothing was written" : ""}`,
  );
  for (const kind of [
    "articles",
    "pages",
    "comments",
    "authors",
    "sections",
    "tags",
    "images",
    "users",
  ] as EntityKind[]) {
    const c = s.counts[kind];
    if (c.created + c.updated + c.unchanged === 0) continue;
    const parts = [`${c.created.toLocaleString("en-US")} new`];
    if (c.updated) parts.push(`${c.updated.toLocaleString("en-US")} updated`);
    if (c.unchanged) parts.push(`${c.unchanged.toLocaleString("en-US")} unchanged`);
    lines.push(`  ${kind.padEnd(9)} ${parts.join(", ")}`);
  }
  lines.push(`  articles by status: ${entries(s.articleStatuses)}`);
  lines.push(`  comments by status: ${entries(s.commentStatuses)}`);
  if (Object.keys(s.skipped).length) lines.push(`Skipped: ${entries(s.skipped)}`);
  if (s.embeds) lines.push(`Embeds turned into links: ${s.embeds.toLocaleString("en-US")}`);
  if (Object.keys(s.unknownShortcodes).length) {
    lines.push(`Shortcodes kept as text (edit these stories): ${entries(s.unknownShortcodes)}`);
  }
  if (Object.keys(s.droppedBlocks).length) lines.push(`Dynamic blocks left out: ${entries(s.droppedBlocks)}`);
  if (s.nestedSections.length) {
    lines.push(
      `Nested categories flattened into sections: ${s.nestedSections.map((n) => `${n.parent} › ${n.slug}`).join(", ")}`,
    );
  }
  if (s.slugChanges.length) {
    lines.push(`Slugs changed (${s.slugChanges.length}):`);
    for (const c of s.slugChanges.slice(0, 20)) lines.push(`  ${c.kind} ${c.wpId ?? ""} ${c.wanted} → ${c.got}`);
  }
  if (s.missingImageCount && !s.uploadsFolder) {
    lines.push(
      `Images not copied: no uploads folder was given (${plural(s.missingImageCount, "image")}; old addresses kept).`,
    );
  } else if (s.missingImageCount) {
    lines.push(`Images not found in ${s.uploadsFolder} (${plural(s.missingImageCount, "image")}; old addresses kept):`);
    for (const m of s.missingImages.slice(0, 20)) lines.push(`  ${m.uploadsPath} (post ${m.articleWpId})`);
    if (s.missingImageCount > 20) lines.push(`  … and ${s.missingImageCount - 20} more`);
  }
  if (s.warningCount) {
    lines.push(`Warnings (${s.warningCount}):`);
    for (const w of s.warnings.slice(0, 20)) lines.push(`  ${w}`);
    if (s.warningCount > 20) lines.push(`  … and ${s.warningCount - 20} more`);
  }
  return lines.join("\n");
}
