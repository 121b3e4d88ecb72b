import "server-only";
import { enqueueCommentApprovals } from "./webhooks";
import {
  aliasedTable,
  and,
  asc,
  eq,
  inArray,
  isNull,
  lt,
  max,
  ne,
  notExists,
  or,
  sql,
  type Placeholder,
  type SQL,
} from "drizzle-orm";
import { db, preparedRead, row, transaction, type Db } from "@/db";
import { articles, comments } from "@/db/schema";
import { visibleToReaders } from "@/lib/data/articles";
import { isEmailTaken } from "@/lib/data/users";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import type { CommentFacts } from "@/lib/comments/rules";

/** A comment as readers see it: never the email, IP or user agent. */
export type PublicComment = {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string;
  body: string;
  createdAt: number;
  status: "approved" | "pending";
  /** Posted from the newsroom by a signed-in user; nothing a guest types can set it. */
  byStaff: boolean;
};

export type CommentNode = PublicComment & { children: CommentNode[] };

const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  authorUrl: comments.authorUrl,
  body: comments.body,
  createdAt: comments.createdAt,
  status: comments.status,
  byStaff: sql<boolean>`${comments.userId} is not null`.mapWith(Boolean),
} as const;

export const listApprovedComments = cachedRead(
  "approved-comments",
  async (articleId: number): Promise<PublicComment[]> =>
    (await db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.articleId, articleId), eq(comments.status, "approved")))
      .orderBy(asc(comments.createdAt), asc(comments.id))) as PublicComment[],
  (articleId) => [CACHE_TAGS.comments(articleId)],
);

/** Builds the reply tree; a reply whose parent is not shown is lifted to the top level. */
export function buildCommentTree(list: PublicComment[]): CommentNode[] {
  const nodes = new Map<number, CommentNode>(list.map((c) => [c.id, { ...c, children: [] }]));
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The article a comment is posted to, if readers can see it. */
export type CommentableArticle = { id: number; slug: string; commentStatus: "open" | "closed"; publishedAt: number };

// The rules' reads of a new thread's post (getCommentFacts; a reply's target is still built per post)
// are prepared once: see preparedRead.
const commentableArticle = preparedRead((db) =>
  db
    .select({
      id: articles.id,
      slug: articles.slug,
      commentStatus: articles.commentStatus,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(and(eq(articles.id, sql.placeholder("id")), visibleToReaders(sql.placeholder("now")))),
);

export async function getCommentableArticle(articleId: number): Promise<CommentableArticle | null> {
  const [found] = await commentableArticle({ id: articleId, now: Date.now() });
  return found && found.publishedAt !== null ? { ...found, publishedAt: found.publishedAt } : null;
}

export type ReplyTarget = { id: number; articleId: number; authorName: string; depth: number };

/**
 * An approved comment of the article that can be replied to, with its depth as readers see it (top
 * level = 1): the chain of approved ancestors, as buildCommentTree lifts a reply whose parent is
 * hidden to the top level.
 */
export async function getReplyTarget(commentId: number, articleId: number): Promise<ReplyTarget | null> {
  const [target] = await db
    .select({ id: comments.id, articleId: comments.articleId, authorName: comments.authorName })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.articleId, articleId), eq(comments.status, "approved")));
  if (!target) return null;
  const chain = await row<{ depth: number | string | null }>(sql`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 1 from ${comments} where id = ${commentId}
      union all
      select c.id, c.parent_id, chain.depth + 1 from ${comments} c join chain on c.id = chain.parent_id
      where c.status = 'approved' and chain.depth < 100
    )
    select max(depth) as depth from chain`);
  return { ...target, depth: Number(chain?.depth ?? 1) };
}

export type NewComment = {
  articleId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  authorUserAgent: string;
  body: string;
  status: "pending" | "approved" | "spam";
  createdAt?: number;
};

type Inserted = { id: number; status: NewComment["status"] };
type Arrival = { values: NewComment; resolve: (stored: Inserted) => void; reject: (error: unknown) => void };

// Comments that arrive while others are being written are written together: one transaction — one write
// turn among the workers, one commit — for all of them, and each poster's promise settles when theirs is
// committed. A batch that fails is written again one comment at a time, so a bad one fails alone.
const MAX_BATCH = 200;
const arrivals: Arrival[] = [];
let writing = false;

/** Stores a reader's comment (never from inside a transaction: it is written in a batch of its own). */
export function insertComment(values: NewComment): Promise<Inserted> {
  return new Promise((resolve, reject) => {
    arrivals.push({ values, resolve, reject });
    if (!writing) void writeArrivals();
  });
}

async function writeArrivals(): Promise<void> {
  writing = true;
  try {
    while (arrivals.length > 0) {
      const batch = arrivals.splice(0, MAX_BATCH);
      const stored = await transaction((tx) => storeEach(tx, batch)).catch(() => null);
      if (stored) batch.forEach((arrival, i) => arrival.resolve(stored[i]));
      else
        for (const arrival of batch)
          await transaction((tx) => storeEach(tx, [arrival])).then(([one]) => arrival.resolve(one), arrival.reject);
    }
  } finally {
    writing = false;
  }
}

async function storeEach(tx: Db, batch: Arrival[]): Promise<Inserted[]> {
  const stored: Inserted[] = [];
  for (const { values } of batch) {
    const [inserted] = await tx
      .insert(comments)
      .values({ ...values, createdAt: values.createdAt ?? Date.now() })
      .returning({ id: comments.id });
    if (values.status === "approved") await enqueueCommentApprovals(tx, [inserted.id], Date.now(), { arriving: true });
    stored.push({ id: inserted.id, status: values.status });
  }
  return stored;
}

type PostedBy = { articleId: number; authorName: string; authorEmail: string; body: string };

/**
 * WordPress's duplicate rule ("same name or same email, same text, on this story") as two lookups, the
 * email's first: one OR would make the engine read every comment of the story, per post
 * (comments_email_article_idx, comments_author_article_idx; tests/query-plans.test.ts). Given
 * placeholders, the prepared lookups below; given a post, the same queries to explain.
 */
export function buildDuplicateQueries(c: { [K in keyof PostedBy]: PostedBy[K] | Placeholder }, on: Db = db) {
  const sameBody = (author: SQL) =>
    on
      .select({ id: comments.id })
      .from(comments)
      .where(and(author, eq(comments.articleId, c.articleId), eq(comments.body, c.body), ne(comments.status, "trash")))
      .limit(1);
  return [sameBody(eq(comments.authorEmail, c.authorEmail)), sameBody(eq(comments.authorName, c.authorName))] as const;
}

const placeheld = {
  articleId: sql.placeholder("articleId"),
  authorName: sql.placeholder("authorName"),
  authorEmail: sql.placeholder("authorEmail"),
  body: sql.placeholder("body"),
};
const duplicateByEmail = preparedRead((db) => buildDuplicateQueries(placeheld, db)[0]);
const duplicateByName = preparedRead((db) => buildDuplicateQueries(placeheld, db)[1]);

export async function hasDuplicateComment(c: PostedBy): Promise<boolean> {
  const values = { articleId: c.articleId, authorName: c.authorName, authorEmail: c.authorEmail, body: c.body };
  return (await duplicateByEmail(values)).length > 0 || (await duplicateByName(values)).length > 0;
}

const latestBy = (column: typeof comments.authorIp | typeof comments.authorEmail) =>
  preparedRead((db) =>
    db
      .select({ at: max(comments.createdAt) })
      .from(comments)
      .where(eq(column, sql.placeholder("value"))),
  );
const latestByIp = latestBy(comments.authorIp);
const latestByEmail = latestBy(comments.authorEmail);

/** When this IP or email last commented anywhere (for the flood rule), or null. */
export async function lastCommentTime(ip: string, email: string): Promise<number | null> {
  const byIp = ip ? ((await latestByIp({ value: ip }))[0]?.at ?? null) : null;
  const byEmail = (await latestByEmail({ value: email }))[0]?.at ?? null;
  if (byIp === null) return byEmail;
  return byEmail === null ? byIp : Math.max(byIp, byEmail);
}

const approvedGuestComment = preparedRead((db) =>
  db
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.authorEmail, sql.placeholder("email")),
        eq(comments.authorName, sql.placeholder("name")),
        eq(comments.status, "approved"),
        isNull(comments.userId),
      ),
    )
    .limit(1),
);

/**
 * WordPress's "previously approved" (check_comment): a guest comment with this name and this email
 * together was approved. The email alone is public knowledge, so it proves nothing; staff replies
 * are not a guest's history.
 */
export async function hasApprovedGuestComment(name: string, email: string): Promise<boolean> {
  return (await approvedGuestComment({ name, email })).length > 0;
}

/**
 * The visitor's own comments on this article that still await moderation, from the ids in their
 * signed cookie. Never cached: the result belongs to one visitor.
 */
export async function listOwnPendingComments(articleId: number, ids: number[]): Promise<PublicComment[]> {
  if (ids.length === 0) return [];
  return (await db
    .select(publicColumns)
    .from(comments)
    .where(and(eq(comments.articleId, articleId), eq(comments.status, "pending"), inArray(comments.id, ids)))
    .orderBy(asc(comments.createdAt), asc(comments.id))) as PublicComment[];
}

/** Where a comment sits among the threads its poster sees: how many come before its thread, of how many. */
export type CommentPlace = { threadsBefore: number; threads: number };

type PlaceRow = { id: number; parentId: number | null; createdAt: number };

/**
 * Where comment `id` appears to its poster, who sees the story's approved comments and their own held
 * ones (`pendingIds`), as buildCommentTree arranges them: its thread is the one its oldest shown
 * ancestor starts, and a reply whose parent is not shown starts a thread of its own. Counted in the
 * database, as WordPress's get_page_of_comment counts: reading every comment of the story to place one
 * took 20 ms a post at 10,000 approved. Uncached: it follows a write.
 */
export async function findCommentPlace(articleId: number, pendingIds: number[], id: number): Promise<CommentPlace> {
  const shown = shownOnArticle(articleId, pendingIds);
  const placed = { id: comments.id, parentId: comments.parentId, createdAt: comments.createdAt };
  const at = async (commentId: number) =>
    (
      await db
        .select(placed)
        .from(comments)
        .where(and(eq(comments.id, commentId), shown))
    )[0] as PlaceRow | undefined;
  let root = await at(id);
  if (!root) return { threadsBefore: 0, threads: 0 };
  // Bounded: imported data is not trusted to be free of cycles.
  for (const seen = new Set([root.id]); root.parentId !== null && !seen.has(root.parentId); seen.add(root.id)) {
    const parent = await at(root.parentId);
    if (!parent) break;
    root = parent;
  }
  const counts = await Promise.all(buildThreadCountQueries(articleId, pendingIds, root));
  return counts.flat().reduce(
    (sum, c) => ({
      threadsBefore: sum.threadsBefore + Number(c.before ?? 0),
      threads: sum.threads + Number(c.threads),
    }),
    { threadsBefore: 0, threads: 0 },
  );
}

/** Approved, or held and one of the poster's own. */
function shownOnArticle(articleId: number, pendingIds: number[], table = comments): SQL {
  const own = pendingIds.length ? and(eq(table.status, "pending"), inArray(table.id, pendingIds)) : undefined;
  return and(
    eq(table.articleId, articleId),
    own ? or(eq(table.status, "approved"), own) : eq(table.status, "approved"),
  )!;
}

/**
 * findCommentPlace's counts of the threads shown (the comments that start one), and of those older
 * than `root`'s: one over the story's approved comments, one over the poster's own held ones, so
 * neither reads the held comments of everyone else (tests/query-plans.test.ts).
 */
export function buildThreadCountQueries(articleId: number, pendingIds: number[], root: PlaceRow) {
  const parent = aliasedTable(comments, "parent");
  const startsThread = or(
    isNull(comments.parentId),
    notExists(
      db
        .select({ one: sql`1` })
        .from(parent)
        .where(and(eq(parent.id, comments.parentId), shownOnArticle(articleId, pendingIds, parent))),
    ),
  );
  const older = or(
    lt(comments.createdAt, root.createdAt),
    and(eq(comments.createdAt, root.createdAt), lt(comments.id, root.id)),
  );
  const count = (set: SQL | undefined) =>
    db
      .select({ threads: sql<number>`count(*)`, before: sql<number>`sum(case when ${older} then 1 else 0 end)` })
      .from(comments)
      .where(and(set, startsThread));
  const approved = count(and(eq(comments.articleId, articleId), eq(comments.status, "approved")));
  if (!pendingIds.length) return [approved];
  return [
    approved,
    count(and(inArray(comments.id, pendingIds), eq(comments.articleId, articleId), eq(comments.status, "pending"))),
  ];
}

/** Everything the comment rules ask about a post, read in one go; lib/comments/rules decides. */
export async function getCommentFacts(post: {
  articleId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorIp: string;
  body: string;
}): Promise<CommentFacts<CommentableArticle>> {
  return {
    article: await getCommentableArticle(post.articleId),
    parent: post.parentId === null ? null : await getReplyTarget(post.parentId, post.articleId),
    duplicate: await hasDuplicateComment(post),
    lastCommentAt: await lastCommentTime(post.authorIp, post.authorEmail),
    hasApprovedComment: await hasApprovedGuestComment(post.authorName, post.authorEmail),
    emailIsStaff: await isEmailTaken(post.authorEmail),
  };
}
