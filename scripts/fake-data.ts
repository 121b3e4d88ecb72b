// Fills a database with a large, realistic-looking publication for measuring at scale:
//   npm run db:fake -- --articles 100000 --comments 1000000 [--path /tmp/scale.db]
// Sections, tags and authors are unevenly popular, stories spread over six years, one story carries
// 10,000 approved comments and four carry 2,000, and every status appears. Deterministic: the same arguments give the same data.
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "1000" },
    comments: { type: "string", default: "10000" },
    path: { type: "string" },
  },
});
if (args.path) process.env.DATABASE_PATH = args.path;

const { closeDatabase, databasePath, engine, migrateDatabase, transaction, db } = await import("../db/index");
const schema = await import("../db/schema");
const { syncSearchIndex } = await import("../db/search-index");
const { like, count, max } = await import("drizzle-orm");

const ARTICLES = Number(args.articles);
const COMMENTS = Number(args.comments);
const DAY = 86_400_000;
const NOW = Date.now();
const YEARS = 6;

// mulberry32: a small seeded generator, so two runs fill the same database.
let seed = 20_26;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
/** An index in [0, n) where low indexes are much more likely: a few popular tags, authors, sections. */
const skewed = (n: number) => Math.min(n - 1, Math.floor(n * random() ** 2.5));

const WORDS = (
  "city council budget vote river bridge election mayor harbour school teachers strike court ruling " +
  "market prices energy winter storm football final museum opening hospital doctors rail line housing " +
  "rents police report festival music theatre farmers drought water tourism airport runway ferry minister"
).split(" ");
const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
const sentence = (n: number) => {
  const s = words(n);
  return s[0].toUpperCase() + s.slice(1) + ".";
};
const paragraph = () => Array.from({ length: 5 }, () => sentence(12)).join(" ");

const SECTIONS = ["news", "politics", "business", "world", "sport", "culture", "opinion", "science"];

async function insertBatched<T>(table: Parameters<typeof db.insert>[0], rows: T[], size: number): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    // One transaction per chunk keeps each commit small and lets the server read between them.
    await transaction(async (tx) => {
      await tx.insert(table).values(chunk as never);
    });
  }
}

async function fillTaxonomy() {
  const sections = SECTIONS.map((slug, position) => ({
    name: slug[0].toUpperCase() + slug.slice(1),
    slug: `fake-${slug}`,
    position: 100 + position,
  }));
  const tags = Array.from({ length: 2000 }, (_, i) => ({ name: `${pick(WORDS)} ${i}`, slug: `fake-tag-${i}` }));
  const authors = Array.from({ length: 300 }, (_, i) => ({
    name: `Reporter ${i}`,
    slug: `fake-reporter-${i}`,
    bio: sentence(10),
  }));
  await insertBatched(schema.sections, sections, 500);
  await insertBatched(schema.tags, tags, 500);
  await insertBatched(schema.authors, authors, 500);
  const ids = async (table: typeof schema.tags | typeof schema.sections | typeof schema.authors) =>
    (await db.select({ id: table.id }).from(table).where(like(table.slug, "fake-%")).orderBy(table.id)).map(
      (r) => r.id,
    );
  return {
    sectionIds: await ids(schema.sections),
    tagIds: await ids(schema.tags),
    authorIds: await ids(schema.authors),
  };
}

type Taxonomy = Awaited<ReturnType<typeof fillTaxonomy>>;

function fakeArticle(i: number, t: Taxonomy) {
  const roll = random();
  const status = roll < 0.02 ? "draft" : roll < 0.025 ? "scheduled" : "published";
  const publishedAt =
    status === "draft"
      ? null
      : status === "scheduled"
        ? NOW + Math.floor(random() * 30 * DAY)
        : NOW - Math.floor(random() * YEARS * 365 * DAY);
  const created = (publishedAt ?? NOW - Math.floor(random() * 60 * DAY)) - Math.floor(random() * DAY);
  const headline = sentence(7).slice(0, -1);
  return {
    slug: `fake-${i}-${headline.toLowerCase().split(" ").slice(0, 4).join("-")}`,
    headline,
    dek: sentence(14),
    dateline: pick(["ISTANBUL", "ANKARA", "IZMIR", "LONDON", "BERLIN"]),
    body: Array.from({ length: 4 }, paragraph).join("\n\n"),
    status,
    publishedAt,
    createdAt: created,
    updatedAt: Math.min(NOW, (publishedAt ?? created) + Math.floor(random() * 3 * DAY)),
    trashedAt: random() < 0.01 ? NOW - Math.floor(random() * 30 * DAY) : null,
    sectionId: t.sectionIds[skewed(t.sectionIds.length)],
  } as const;
}

async function fillArticles(t: Taxonomy): Promise<{ id: number; publishedAt: number | null }[]> {
  // Under SQLite's 32,766 bound variables a statement: a story row has some twenty columns.
  const batch = 1000;
  for (let start = 0; start < ARTICLES; start += batch) {
    const rows = Array.from({ length: Math.min(batch, ARTICLES - start) }, (_, k) => fakeArticle(start + k, t));
    await transaction(async (tx) => {
      const inserted = await tx.insert(schema.articles).values(rows).returning({ id: schema.articles.id });
      const bylines = inserted.flatMap(({ id }) => {
        const first = t.authorIds[skewed(t.authorIds.length)];
        const second = random() < 0.15 ? t.authorIds[skewed(t.authorIds.length)] : first;
        return [...new Set([first, second])].map((authorId, position) => ({ articleId: id, authorId, position }));
      });
      const tagged = inserted.flatMap(({ id }) => {
        const ids = new Set(
          Array.from({ length: 1 + Math.floor(random() * 4) }, () => t.tagIds[skewed(t.tagIds.length)]),
        );
        return [...ids].map((tagId) => ({ articleId: id, tagId }));
      });
      await tx.insert(schema.articleAuthors).values(bylines);
      for (let i = 0; i < tagged.length; i += 5000)
        await tx.insert(schema.articleTags).values(tagged.slice(i, i + 5000));
    });
  }
  return db
    .select({ id: schema.articles.id, publishedAt: schema.articles.publishedAt })
    .from(schema.articles)
    .where(like(schema.articles.slug, "fake-%"))
    .orderBy(schema.articles.id);
}

// The busiest stories, first: one with 10,000 approved comments (a story a newsroom's readers pile onto), four
// with 2,000; as many as the comments asked for allow.
const BUSIEST = [10_000, 2000, 2000, 2000, 2000];

/** How many comments each story gets: the busiest first, then about 63% of the rest have some. */
function commentsPerArticle(n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  let left = COMMENTS;
  for (let i = 0; i < Math.min(BUSIEST.length, n) && left >= BUSIEST[i]; i++) left -= counts[i] = BUSIEST[i];
  const open = Array.from({ length: n - 5 }, (_, i) => i + 5).filter(() => random() < 0.63);
  while (left > 0 && open.length > 0) {
    const i = open[skewed(open.length)];
    const add = Math.min(left, 1 + Math.floor(random() * 8));
    counts[i] += add;
    left -= add;
  }
  return counts;
}

const COMMENT_STATUS = (r: number) => (r < 0.88 ? "approved" : r < 0.95 ? "pending" : r < 0.99 ? "spam" : "trash");

async function fillComments(list: { id: number; publishedAt: number | null }[]): Promise<void> {
  const live = list.filter(
    (a): a is { id: number; publishedAt: number } => a.publishedAt !== null && a.publishedAt <= NOW,
  );
  const perArticle = commentsPerArticle(live.length);
  // Ids are given, not generated, so a reply can name its parent within the same batch.
  const [{ last }] = await db.select({ last: max(schema.comments.id) }).from(schema.comments);
  let nextId = (last ?? 0) + 1;
  let buffer: (typeof schema.comments.$inferInsert)[] = [];
  const flush = async () => {
    const rows = buffer;
    buffer = [];
    if (rows.length) await transaction(async (tx) => void (await tx.insert(schema.comments).values(rows)));
  };
  for (let a = 0; a < live.length; a++) {
    const first = nextId;
    let at = live[a].publishedAt;
    for (let k = 0; k < perArticle[a]; k++) {
      at += Math.floor(random() * (perArticle[a] > 100 ? 60_000 : 6 * 3_600_000));
      const reader = skewed(50_000);
      buffer.push({
        id: nextId,
        articleId: live[a].id,
        parentId: k > 0 && random() < 0.2 ? first + Math.floor(random() * k) : null,
        authorName: `Reader ${reader}`,
        authorEmail: `reader${reader}@example.org`,
        authorIp: `10.${reader % 256}.${(reader >> 8) % 256}.${k % 256}`,
        authorUserAgent: "Mozilla/5.0",
        body: sentence(8 + Math.floor(random() * 30)),
        // The busiest story's are all approved: the page a reader opens carries every one of them.
        status: a === 0 ? "approved" : COMMENT_STATUS(random()),
        createdAt: Math.min(at, NOW),
      });
      nextId++;
      if (buffer.length === 2000) await flush();
    }
  }
  await flush();
}

async function main() {
  const started = performance.now();
  await migrateDatabase();
  const [{ existing }] = await db
    .select({ existing: count() })
    .from(schema.articles)
    .where(like(schema.articles.slug, "fake-%"));
  if (existing > 0) throw new Error(`${databasePath()} already holds fake articles; use a new --path.`);
  const taxonomy = await fillTaxonomy();
  const list = await fillArticles(taxonomy);
  const articlesDone = performance.now();
  await fillComments(list);
  const commentsDone = performance.now();
  // What every other way of writing a story does too, so search is measured on a full index.
  await syncSearchIndex({ everything: true });
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const where = engine === "postgres" ? "PostgreSQL" : databasePath();
  console.log(
    `Filled ${where}: ${ARTICLES} articles in ${seconds(articlesDone - started)} s, ` +
      `${COMMENTS} comments in ${seconds(commentsDone - articlesDone)} s, ` +
      `the search index in ${seconds(performance.now() - commentsDone)} s (total ${seconds(performance.now() - started)} s).`,
  );
}

try {
  await main();
} finally {
  await closeDatabase();
}
