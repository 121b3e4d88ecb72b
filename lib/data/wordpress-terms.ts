import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { authors, sections, tags, users } from "@/db/schema";
import { hashPassword, randomPassword } from "@/lib/auth/password";
import { uniqueSlug } from "@/lib/wordpress/mapping";
import type { AuthorInput, OutcomeCounts, SectionInput, SlugChange, TagInput } from "@/lib/wordpress/sink";
import { digestOf, dropDeleted, loadMapped, type MapRow } from "./import-map";
import type { OldLinkRow } from "./old-links";

// Authors, sections and tags of a WordPress import: a handful of rows each, written one by one.

export type WriteContext = {
  tx: Db;
  counts: Record<string, Partial<OutcomeCounts>>;
  slugChanges: SlugChange[];
  warnings: string[];
  map: MapRow[];
  links: OldLinkRow[];
  createUsers: boolean;
};

export function count(ctx: WriteContext, kind: string, outcome: keyof OutcomeCounts) {
  const c = (ctx.counts[kind] ??= {});
  c[outcome] = (c[outcome] ?? 0) + 1;
}

export const authorKey = (a: { wpId: number | null; login: string }) =>
  a.wpId !== null ? `${a.wpId}` : `login:${a.login}`;

export async function writeAuthors(ctx: WriteContext, list: AuthorInput[]) {
  const mapped = await loadMapped(ctx.tx, "wp:author", list.map(authorKey));
  // An author deleted in the newsroom since an earlier import is made again: stories still name them.
  await dropDeleted(ctx.tx, authors, mapped);
  for (const author of list) {
    const digest = digestOf([author.name, author.slug, author.bio]);
    const known = mapped.get(authorKey(author));
    let id = known?.localId ?? null;
    if (id !== null && known?.digest === digest) count(ctx, "authors", "unchanged");
    else if (id !== null) {
      await ctx.tx.update(authors).set({ name: author.name, bio: author.bio }).where(eq(authors.id, id));
      count(ctx, "authors", "updated");
    } else id = await insertAuthor(ctx, author);
    ctx.map.push({ kind: "wp:author", sourceKey: authorKey(author), localId: id, digest });
    ctx.map.push({ kind: "wp:author-login", sourceKey: author.login, localId: id });
    ctx.links.push(...author.oldPaths.map((key) => ({ key, kind: "author" as const, localId: id })));
    if (ctx.createUsers) await ensureUser(ctx, author, id);
  }
}

/** A new byline; an existing author of the same slug and name is taken to be the same person. */
async function insertAuthor(ctx: WriteContext, author: AuthorInput): Promise<number> {
  const [same] = await ctx.tx.select().from(authors).where(eq(authors.slug, author.slug));
  if (same && same.name.toLowerCase() === author.name.toLowerCase()) {
    count(ctx, "authors", "unchanged");
    return same.id;
  }
  const slug = same ? await freeSlug(ctx.tx, author.slug) : author.slug;
  if (slug !== author.slug) ctx.slugChanges.push({ kind: "author", wpId: author.wpId, wanted: author.slug, got: slug });
  const [row] = await ctx.tx
    .insert(authors)
    .values({ name: author.name, slug, bio: author.bio })
    .returning({ id: authors.id });
  count(ctx, "authors", "created");
  return row.id;
}

async function freeSlug(tx: Db, wanted: string): Promise<string> {
  const taken = await tx.select({ slug: authors.slug }).from(authors);
  const slugs = new Set(taken.map((t) => t.slug));
  return uniqueSlug(wanted, (s) => slugs.has(s));
}

/**
 * --create-users: an inactive newsroom account (role author) for a byline that has none, with a random
 * password nobody knows; an administrator activates it and resets the password.
 */
async function ensureUser(ctx: WriteContext, author: AuthorInput, authorId: number) {
  const [byline] = await ctx.tx.select({ userId: authors.userId }).from(authors).where(eq(authors.id, authorId));
  if (byline?.userId) return count(ctx, "users", "unchanged");
  const email = author.email.trim().toLowerCase();
  if (!email || !email.includes("@")) {
    ctx.warnings.push(`author ${author.login}: no email address, so no newsroom user was created.`);
    return;
  }
  const [owner] = await ctx.tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (owner) {
    ctx.warnings.push(`author ${author.login}: ${email} already belongs to a newsroom user; no user was created.`);
    return;
  }
  const passwordHash = await hashPassword(randomPassword());
  const [user] = await ctx.tx
    .insert(users)
    .values({ email, name: author.name, role: "author", active: false, passwordHash })
    .returning({ id: users.id });
  await ctx.tx.update(authors).set({ userId: user.id }).where(eq(authors.id, authorId));
  count(ctx, "users", "created");
}

type Term = { slug: string; name: string; oldPaths: string[] };

/** Sections and tags are keyed by slug: an existing one of the same slug is the same section or tag. */
export async function writeTerms(ctx: WriteContext, kind: "sections" | "tags", list: (SectionInput | TagInput)[]) {
  const table = kind === "sections" ? sections : tags;
  const mapKind = kind === "sections" ? "wp:section" : "wp:tag";
  const mapped = await loadMapped(
    ctx.tx,
    mapKind,
    list.map((t) => t.slug),
  );
  const existing = await ctx.tx
    .select({ id: table.id, slug: table.slug })
    .from(table)
    .where(
      inArray(
        table.slug,
        list.map((t) => t.slug),
      ),
    );
  const ids = new Map(existing.map((r) => [r.slug, r.id]));
  const seen = new Set<string>();
  for (const term of list as Term[]) {
    const linkKind = kind === "sections" ? ("section" as const) : ("tag" as const);
    if (seen.has(term.slug)) {
      // A second WordPress term with the same slug: the first one's section or tag, with its old links too.
      count(ctx, kind, "unchanged");
      ctx.links.push(...term.oldPaths.map((key) => ({ key, kind: linkKind, localId: ids.get(term.slug)! })));
      continue;
    }
    seen.add(term.slug);
    const values = termValues(kind, term);
    const digest = digestOf(values);
    let id = ids.get(term.slug) ?? null;
    const known = mapped.get(term.slug);
    if (id === null) {
      [{ id }] = await ctx.tx.insert(table).values(values).returning({ id: table.id });
      count(ctx, kind, "created");
    } else if (known && known.digest !== digest) {
      await ctx.tx.update(table).set(values).where(eq(table.id, id));
      count(ctx, kind, "updated");
    } else count(ctx, kind, "unchanged");
    ids.set(term.slug, id);
    ctx.map.push({ kind: mapKind, sourceKey: term.slug, localId: id, digest });
    ctx.links.push(...term.oldPaths.map((key) => ({ key, kind: linkKind, localId: id })));
  }
}

function termValues(kind: "sections" | "tags", term: Term) {
  if (kind === "tags") return { name: term.name, slug: term.slug };
  return { name: term.name, slug: term.slug, description: (term as SectionInput).description };
}
