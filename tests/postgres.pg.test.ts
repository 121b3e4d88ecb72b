import { eq, is, sql, Table } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db, engine, migrateDatabase, rows, transaction } from "@/db";
import * as pgSchema from "@/db/schema/postgres";

// The data layer on PostgreSQL in particular. Runs in the postgres project (vitest.config.ts), on its
// scratch database, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run
// --project postgres tests/postgres.pg.test.ts
describe("the data layer on PostgreSQL", () => {
  it("runs on PostgreSQL, and migrating again changes nothing", async () => {
    expect(engine).toBe("postgres");
    await migrateDatabase();
    const tables = await rows<{ n: string }>(
      sql`select count(*) as n from information_schema.tables where table_schema = 'public'`,
    );
    // Every table the schema declares and the search index (db/search-index.ts), and no other; the
    // migrations journal lives in schema "drizzle".
    const declared = Object.values(pgSchema).filter((value) => is(value, Table)).length;
    expect(Number(tables[0].n)).toBe(declared + 1);
  });

  it("writes an article with its tags and byline and reads it back, timestamps as numbers", async () => {
    const { saveArticle, getArticleForEdit, countArticlesByFilter, listAdminArticles } =
      await import("@/lib/data/admin-articles");
    const { createUser } = await import("@/lib/data/users");
    const { getArticleBySlug } = await import("@/lib/data/articles");
    const user = await createUser({
      email: "Smoke@Example.com",
      name: "Smoke Test",
      role: "editor",
      passwordHash: "x",
    });
    const { authorIdForUser } = await import("@/lib/data/admin-articles");
    const authorId = (await authorIdForUser(user.id))!;
    const publishedAt = Date.now() - 60_000;
    const write = {
      headline: "Ferries Resume Across the Bosphorus",
      slug: "ferries-resume",
      dek: "",
      dateline: "ISTANBUL",
      body: "Service is back.",
      sectionId: null,
      tagNames: ["Transport", "Istanbul"],
      authorIds: [authorId],
      featureImagePath: null,
      featureImageAlt: "",
      featureImageCaption: "",
      featureImageCredit: "",
      correction: "",
      commentStatus: "open" as const,
      status: "published" as const,
      publishedAt,
    };
    const saved = await saveArticle(null, write, user.id);
    if (saved === "slug-taken" || saved === "conflict") throw new Error("the slug is free");
    // A concurrent save that checked the slug before this one took it: the unique index answers.
    expect(await saveArticle(null, { ...write, headline: "Another" }, user.id)).toBe("slug-taken");
    const { createUserUnlessEmailTaken } = await import("@/lib/data/users");
    expect(
      await createUserUnlessEmailTaken({ email: user.email, name: "Twin", role: "author", passwordHash: "x" }),
    ).toBe(null);
    const { countArticleDependents, REVISIONS_KEPT } = await import("@/lib/data/admin-articles");
    for (let i = 0; i < REVISIONS_KEPT; i++) await saveArticle(saved.id, { ...write, dek: `Edit ${i}` }, user.id);
    expect((await countArticleDependents([saved.id])).get(saved.id)).toEqual({
      comments: 0,
      revisions: REVISIONS_KEPT,
    });
    expect(saved.after).toMatchObject({ slug: "ferries-resume", authorIds: [authorId], public: true });

    const stored = await getArticleForEdit(saved.id);
    expect(stored).toMatchObject({
      headline: "Ferries Resume Across the Bosphorus",
      publishedAt,
      authorIds: [authorId],
    });
    expect(stored!.tagNames).toEqual(["Istanbul", "Transport"]);
    expect(typeof stored!.createdAt).toBe("number");

    expect(await countArticlesByFilter(null)).toEqual({
      all: 1,
      published: 1,
      scheduled: 0,
      pending: 0,
      draft: 0,
      trash: 0,
    });
    const found = await listAdminArticles({ filter: "all", query: "bosPHORUS", page: 1, ownerId: user.id });
    expect(found.items.map((a) => a.id)).toEqual([saved.id]);
    expect((await getArticleBySlug("ferries-resume"))?.authors.map((a) => a.name)).toEqual(["Smoke Test"]);
  });

  it("seeds, and answers the recursive reply-depth query and boolean expressions", async () => {
    const { seedDatabase, ISTANBUL_TALKS_SLUG } = await import("@/db/seed");
    const { articles, comments } = await import("@/db/schema");
    const { getReplyTarget } = await import("@/lib/data/comments");
    const { listCommentsForModeration } = await import("@/lib/data/moderation");
    await transaction((tx) => tx.delete(articles));
    expect(await seedDatabase()).toBe(true);
    expect(await seedDatabase()).toBe(false);
    const [story] = await db.select().from(articles).where(eq(articles.slug, ISTANBUL_TALKS_SLUG));
    const [deepest] = await db.select().from(comments).where(eq(comments.authorEmail, "amara.mensah@example.org"));
    expect((await getReplyTarget(deepest.id, story.id))?.depth).toBe(3);
    const queue = await listCommentsForModeration({ filter: "all", articleId: story.id, query: "", page: 1 });
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items.every((c) => c.byStaff === false)).toBe(true);
  });

  it("answers the comment facts (name and email together, staff email) and marks newsroom replies", async () => {
    const { seedDatabase, ISTANBUL_TALKS_SLUG } = await import("@/db/seed");
    const { articles } = await import("@/db/schema");
    const { getCommentFacts, listApprovedComments } = await import("@/lib/data/comments");
    const { insertStaffReply } = await import("@/lib/data/moderation");
    const { createUser } = await import("@/lib/data/users");
    await seedDatabase();
    const [story] = await db.select().from(articles).where(eq(articles.slug, ISTANBUL_TALKS_SLUG));
    const post = { articleId: story.id, parentId: null, authorIp: "192.0.2.1", body: "pg facts" };
    const selin = { ...post, authorName: "Selin Kaya", authorEmail: "selin.kaya@example.org" };
    expect(await getCommentFacts(selin)).toMatchObject({ hasApprovedComment: true, emailIsStaff: false });
    expect(await getCommentFacts({ ...selin, authorName: "Not Selin" })).toMatchObject({ hasApprovedComment: false });
    const editor = await createUser({
      email: "pg.desk@example.com",
      name: "PG Desk",
      role: "editor",
      passwordHash: "x",
    });
    const [first] = await listApprovedComments(story.id);
    const reply = await insertStaffReply({
      parentId: first.id,
      articleId: story.id,
      userId: editor.id,
      name: editor.name,
      email: editor.email,
      body: "From the desk.",
      ip: "",
      userAgent: "",
    });
    expect(await getCommentFacts({ ...post, authorName: "PG Desk", authorEmail: editor.email })).toMatchObject({
      emailIsStaff: true,
      hasApprovedComment: false,
    });
    const shown = await listApprovedComments(story.id);
    expect(shown.filter((c) => c.byStaff).map((c) => c.id)).toEqual([reply.id]);
  });

  it("counts sign-in failures per pair, per client and per account", async () => {
    const { loginThrottle, recordLoginFailure, LOGIN_WINDOW_MS } = await import("@/lib/data/login-attempts");
    const t = Date.now();
    for (let i = 0; i < 20; i++) await recordLoginFailure(`pg${i}@example.com`, "2001:db8:1:2::/64", t + i);
    expect(await loginThrottle("other@example.com", "2001:db8:1:2::/64", t + 100)).toEqual({
      kind: "locked",
      until: t + LOGIN_WINDOW_MS,
    });
    for (let i = 0; i < 10; i++) await recordLoginFailure("pg-owner@example.com", `198.51.100.${i}`, t + i);
    expect(await loginThrottle("pg-owner@example.com", "192.0.2.9", t + 100)).toEqual({
      kind: "wait",
      until: t + 9 + 1000,
    });
    expect(await loginThrottle("pg-owner@example.com", "192.0.2.9", t + 9 + 1000)).toBeNull();
  });

  it("makes the writers of every instance take turns: a write holds one advisory lock until it commits", async () => {
    let entered!: () => void;
    let finish!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const writing = transaction(async () => {
      entered();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await inside;
    // Another instance: a connection of its own, as a second server process would have.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      // This database's advisory locks only: test files running beside this one hold their own.
      const held = await other.query<{ key: string }>(
        `select ((classid::bigint << 32) | objid::bigint)::text as key from pg_locks
         where locktype = 'advisory' and granted
           and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(held.rows).toHaveLength(1);
      const tryLock = async () =>
        (await other.query<{ got: boolean }>("select pg_try_advisory_lock($1::bigint) as got", [held.rows[0].key]))
          .rows[0].got;
      expect(await tryLock()).toBe(false);
      finish();
      await writing;
      expect(await tryLock()).toBe(true);
    } finally {
      // Also when an expectation failed: a transaction left open would hold its connection forever.
      finish();
      await writing;
      await other.end();
    }
  });

  it("rolls a failed transaction back and keeps explicit ids (rows copied from SQLite keep theirs)", async () => {
    const { tags } = await import("@/db/schema");
    await expect(
      transaction(async (tx) => {
        await tx.insert(tags).values({ name: "Gone", slug: "gone" });
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(await db.select().from(tags).where(eq(tags.slug, "gone"))).toEqual([]);
    await transaction((tx) => tx.insert(tags).values({ id: 9000, name: "Copied", slug: "copied" }));
    expect((await db.select().from(tags).where(eq(tags.id, 9000)))[0]?.slug).toBe("copied");
  });

  it("keeps the moderation tab counts through the comment triggers", async () => {
    const { checkCommentCountsFollowEveryChange } = await import("./support/comment-counts");
    await checkCommentCountsFollowEveryChange();
  });

  it("answers the list queries built for scale: tag, byline, sitemap, newsroom and moderation pages", async () => {
    const { listTagArticles, listAuthorArticles, listSectionArticles } = await import("@/lib/data/articles");
    const { countSitemapFiles, listSitemapArticles } = await import("@/lib/data/sitemap");
    const { listAdminArticles } = await import("@/lib/data/admin-articles");
    const moderation = await import("@/lib/data/moderation");
    const { makeArticle, makeAuthor, makeComment, makeSection, makeTag } = await import("./support/factories");
    const [section, author, tag] = [await makeSection(), await makeAuthor(), await makeTag()];
    const older = await makeArticle(
      { sectionId: section.id, publishedAt: Date.now() - 120_000 },
      { authorIds: [author.id], tagIds: [tag.id] },
    );
    const newer = await makeArticle({ sectionId: section.id }, { authorIds: [author.id], tagIds: [tag.id] });
    const newestFirst = [newer.slug, older.slug];
    expect((await listTagArticles(tag.id, 1))?.items.map((a) => a.slug)).toEqual(newestFirst);
    expect((await listAuthorArticles(author.id, 1))?.items.map((a) => a.slug)).toEqual(newestFirst);
    expect((await listSectionArticles(section.id, 1))?.items.map((a) => a.slug)).toEqual(newestFirst);
    expect(await countSitemapFiles()).toBe(1);
    expect((await listSitemapArticles(0)).map((a) => a.slug)).toEqual(expect.arrayContaining(newestFirst));
    const admin = await listAdminArticles({ filter: "all", query: "", page: 1, ownerId: null });
    expect(admin.items[0].updatedAt).toBeGreaterThanOrEqual(admin.items.at(-1)!.updatedAt);
    await makeComment({ articleId: older.id, status: "pending" });
    expect((await moderation.listArticlesForCommentFilter(newer.id)).map((a) => a.id)).toEqual(
      expect.arrayContaining([older.id, newer.id]),
    );
    const queue = await moderation.listCommentsForModeration({
      filter: "pending",
      articleId: older.id,
      query: "",
      page: 1,
    });
    expect(queue.total).toBe(1);
  });
});
