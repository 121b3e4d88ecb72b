import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, transaction } from "@/db";
import { articleNotes, articles, noteMentions, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/roles";

// Editorial notes: the newsroom's internal thread on a story. Only the newsroom's screens read this
// module; no reader page, feed, sitemap, search index or export does (tests/notes-leak.test.ts).

export type ArticleNote = { id: number; body: string; userName: string | null; createdAt: number };

export function listArticleNotes(articleId: number): Promise<ArticleNote[]> {
  return db
    .select({ id: articleNotes.id, body: articleNotes.body, userName: users.name, createdAt: articleNotes.createdAt })
    .from(articleNotes)
    .leftJoin(users, eq(users.id, articleNotes.userId))
    .where(eq(articleNotes.articleId, articleId))
    .orderBy(articleNotes.createdAt, articleNotes.id);
}

/** Staff whose handle (their email's part before the @, lower-cased) is among `handles`. */
export async function findUsersByHandles(handles: string[]): Promise<(SessionUser & { handle: string })[]> {
  if (handles.length === 0) return [];
  const wanted = new Set(handles);
  // A newsroom's staff is a few hundred people at most: matched here rather than per engine in SQL.
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.active, true));
  return rows.map((u) => ({ ...u, handle: u.email.split("@")[0].toLowerCase() })).filter((u) => wanted.has(u.handle));
}

/** Adds a note and its mentions in one transaction; returns the note's id. */
export function addArticleNote(note: {
  articleId: number;
  userId: number;
  body: string;
  mentionedUserIds: number[];
  at?: number;
}): Promise<number> {
  const at = note.at ?? Date.now();
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(articleNotes)
      .values({ articleId: note.articleId, userId: note.userId, body: note.body, createdAt: at })
      .returning({ id: articleNotes.id });
    const mentioned = [...new Set(note.mentionedUserIds)].filter((id) => id !== note.userId);
    if (mentioned.length)
      await tx
        .insert(noteMentions)
        .values(mentioned.map((userId) => ({ noteId: row.id, userId, articleId: note.articleId, readAt: null })));
    return row.id;
  });
}

export type Mention = {
  noteId: number;
  articleId: number;
  headline: string;
  body: string;
  by: string | null;
  at: number;
};

/** Notes that mention `userId` on stories they have not opened since: the dashboard's "For you". */
export function listUnreadMentions(userId: number, limit = 20): Promise<Mention[]> {
  return db
    .select({
      noteId: articleNotes.id,
      articleId: articles.id,
      headline: articles.headline,
      body: articleNotes.body,
      by: users.name,
      at: articleNotes.createdAt,
    })
    .from(noteMentions)
    .innerJoin(articleNotes, eq(articleNotes.id, noteMentions.noteId))
    .innerJoin(articles, eq(articles.id, noteMentions.articleId))
    .leftJoin(users, eq(users.id, articleNotes.userId))
    .where(and(eq(noteMentions.userId, userId), isNull(noteMentions.readAt)))
    .orderBy(desc(articleNotes.createdAt), desc(articleNotes.id))
    .limit(limit);
}

/** The user opened the story: its mentions of them leave "For you". */
export async function markMentionsRead(userId: number, articleId: number, at: number = Date.now()): Promise<void> {
  const [unread] = await db
    .select({ noteId: noteMentions.noteId })
    .from(noteMentions)
    .where(and(eq(noteMentions.userId, userId), eq(noteMentions.articleId, articleId), isNull(noteMentions.readAt)))
    .limit(1);
  if (!unread) return;
  await transaction((tx) =>
    tx
      .update(noteMentions)
      .set({ readAt: at })
      .where(and(eq(noteMentions.userId, userId), eq(noteMentions.articleId, articleId), isNull(noteMentions.readAt))),
  );
}

/** How many notes each story has, for lists. */
export async function countNotes(articleIds: number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .select({ id: articleNotes.articleId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(articleNotes)
    .where(inArray(articleNotes.articleId, articleIds))
    .groupBy(articleNotes.articleId);
  return new Map(rows.map((r) => [r.id, r.n]));
}
