// Words for display, shared by server and client components: addresses, initials, counts.

export function readingMinutes(markdown: string): number {
  const words = markdown.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 230));
}

export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => Array.from(w)[0] ?? "");
  return ((letters[0] ?? "") + (letters.length > 1 ? letters[letters.length - 1] : "")).toUpperCase() || "?";
}

/**
 * The longest slug the site stores (articles, sections, tags, authors): every slug it writes is made by
 * slugify, numberedSlug or the editor's form (lib/validation/article.ts), which keep to it. Reader routes
 * refuse longer ones before any read (lib/data/slug-read.ts).
 */
export const SLUG_MAX = 80;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ı/g, "i")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, "");
}

/** The `n`th candidate for a taken slug, as WordPress numbers them: `base`, then `base-2`, `base-3`… */
export function numberedSlug(base: string, n: number): string {
  if (n === 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/** "1 comment", "3 comments": English count phrases for the newsroom's messages. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
