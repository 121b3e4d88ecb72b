// `npm run generate:wxr -- [--posts 10000] [--comments 200000] [--out data/generated-export.xml] [--uploads dir] [--seed 1]`
// Writes a WordPress export of the given size, shaped as WordPress 6 writes it (block and classic
// content, captions, embeds, threaded comments in every status, pingbacks, featured images), for timing
// the import: `/usr/bin/time -v npm run import:wordpress -- data/generated-export.xml --dry-run`. With
// --uploads it also writes the images the posts use (tiny JPEGs; one in a hundred left out as missing).
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import sharp from "sharp";

const { values } = parseArgs({
  options: {
    posts: { type: "string", default: "10000" },
    comments: { type: "string", default: "200000" },
    out: { type: "string", default: "data/generated-export.xml" },
    seed: { type: "string", default: "1" },
    uploads: { type: "string" },
  },
});
const POSTS = Number(values.posts);
const COMMENTS = Number(values.comments);
const SITE = "https://generated.example";

// mulberry32: a small seeded generator, so every run writes the same file.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const WORDS = (
  "harbour council ferry budget storm island market bridge school mayor fishermen quay port festival road " +
  "water election tourism museum library hospital traffic weather summer winter season village coast " +
  "report vote plan residents officials week today night morning report project funding repair service"
).split(" ");
const AUTHORS = Array.from({ length: 25 }, (_, i) => ({
  id: i + 1,
  login: `reporter${i + 1}`,
  name: `Reporter ${i + 1}`,
}));
const CATEGORIES = [
  ["news", ""],
  ["harbour", "news"],
  ["city-hall", "news"],
  ["islands", "news"],
  ["sport", ""],
  ["football", "sport"],
  ["sailing", "sport"],
  ["culture", ""],
  ["music", "culture"],
  ["opinion", ""],
  ["business", ""],
  ["weather", ""],
] as const;
const TAGS = Array.from({ length: 300 }, (_, i) => `tag-${i + 1}`);

const cdata = (s: string) => `<![CDATA[${s.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
const pad = (n: number) => String(n).padStart(2, "0");
const wpDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const sentence = (min = 8, max = 20) => {
  const words = Array.from({ length: int(min, max) }, () => pick(WORDS));
  return `${words.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
};
const paragraph = () => Array.from({ length: int(2, 5) }, () => sentence()).join(" ");

function blockBody(id: number, image: string | null): string {
  const parts = [
    `<!-- wp:paragraph -->\n<p>${paragraph()} <a href="${SITE}/?p=${Math.max(1, id - 3)}">Earlier</a>.</p>\n<!-- /wp:paragraph -->`,
  ];
  parts.push(`<!-- wp:heading -->\n<h2 class="wp-block-heading">${sentence(3, 6)}</h2>\n<!-- /wp:heading -->`);
  for (let i = int(2, 5); i > 0; i--)
    parts.push(`<!-- wp:paragraph -->\n<p>${paragraph()}</p>\n<!-- /wp:paragraph -->`);
  if (image) {
    parts.push(
      `<!-- wp:image {"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="${SITE}/wp-content/uploads/${image}" alt="${sentence(3, 5)}"/><figcaption class="wp-element-caption">${sentence(4, 9)}</figcaption></figure>\n<!-- /wp:image -->`,
    );
  }
  if (id % 10 === 0) {
    parts.push(
      `<!-- wp:embed {"url":"https://www.youtube.com/watch?v=gen${id}","type":"video","providerNameSlug":"youtube"} -->\n<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=gen${id}\n</div></figure>\n<!-- /wp:embed -->`,
    );
  }
  parts.push(
    `<!-- wp:list -->\n<ul class="wp-block-list"><li>${sentence(3, 6)}</li><li>${sentence(3, 6)}</li></ul>\n<!-- /wp:list -->`,
  );
  return parts.join("\n\n");
}

function classicBody(id: number, image: string | null): string {
  const parts = [paragraph(), `${sentence()}\n${sentence()}`];
  if (image) {
    parts.push(
      `[caption id="attachment_${id}" align="aligncenter" width="300"]<img src="${SITE}/wp-content/uploads/${image}" alt="${sentence(3, 5)}" width="300" height="200" /> ${sentence(4, 8)}[/caption]`,
    );
  }
  parts.push(`<h3>${sentence(3, 5)}</h3>`, paragraph(), paragraph());
  if (id % 10 === 5) parts.push(`https://vimeo.com/${id}`);
  if (id % 50 === 0) parts.push(`[contact-form-7 id="${id}" title="Tips"]`);
  return parts.join("\n\n");
}

type Comment = { id: number; parent: number };

function commentXml(c: Comment, postDate: number): string {
  const roll = random();
  const [approved, type] =
    roll < 0.85
      ? ["1", "comment"]
      : roll < 0.93
        ? ["0", "comment"]
        : roll < 0.96
          ? ["spam", "comment"]
          : roll < 0.98
            ? ["trash", "comment"]
            : ["1", "pingback"];
  const who = `reader${int(1, 5000)}`;
  const date = postDate + c.id * 1000;
  return `		<wp:comment>
			<wp:comment_id>${c.id}</wp:comment_id>
			<wp:comment_author>${cdata(who)}</wp:comment_author>
			<wp:comment_author_email>${cdata(`${who}@example.org`)}</wp:comment_author_email>
			<wp:comment_author_url>https://${who}.example.org</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(`203.0.113.${int(1, 254)}`)}</wp:comment_author_IP>
			<wp:comment_date>${cdata(wpDate(date + 3 * 3600_000))}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(wpDate(date))}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(`${sentence(5, 25)}\n\n${sentence(3, 15)}`)}</wp:comment_content>
			<wp:comment_approved>${cdata(approved)}</wp:comment_approved>
			<wp:comment_type>${cdata(type)}</wp:comment_type>
			<wp:comment_parent>${c.parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
`;
}

function itemXml(fields: {
  id: number;
  title: string;
  slug: string;
  type: string;
  status: string;
  date: number;
  author: string;
  content: string;
  extra: string;
}): string {
  const { id, title, slug, type, status, date, author, content, extra } = fields;
  const local = wpDate(date + 3 * 3600_000);
  const gmt = status === "draft" || status === "pending" ? "0000-00-00 00:00:00" : wpDate(date);
  return `	<item>
		<title>${cdata(title)}</title>
		<link>${SITE}/${local.slice(0, 10).replaceAll("-", "/")}/${slug}/</link>
		<pubDate>${new Date(date).toUTCString().replace("GMT", "+0000")}</pubDate>
		<dc:creator>${cdata(author)}</dc:creator>
		<guid isPermaLink="false">${SITE}/?p=${id}</guid>
		<description></description>
		<content:encoded>${cdata(content)}</content:encoded>
		<excerpt:encoded>${cdata(type === "post" && id % 3 === 0 ? sentence() : "")}</excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date>${cdata(local)}</wp:post_date>
		<wp:post_date_gmt>${cdata(gmt)}</wp:post_date_gmt>
		<wp:post_modified>${cdata(local)}</wp:post_modified>
		<wp:post_modified_gmt>${cdata(wpDate(date))}</wp:post_modified_gmt>
		<wp:comment_status>${cdata(id % 7 === 0 ? "closed" : "open")}</wp:comment_status>
		<wp:ping_status>${cdata("open")}</wp:ping_status>
		<wp:post_name>${cdata(slug)}</wp:post_name>
		<wp:status>${cdata(status)}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>${cdata(type)}</wp:post_type>
		<wp:post_password>${cdata("")}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
${extra}	</item>
`;
}

function header(): string {
  const authors = AUTHORS.map(
    (a) =>
      `	<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login><wp:author_email>${cdata(`${a.login}@generated.example`)}</wp:author_email><wp:author_display_name>${cdata(a.name)}</wp:author_display_name><wp:author_first_name>${cdata("Reporter")}</wp:author_first_name><wp:author_last_name>${cdata(String(a.id))}</wp:author_last_name></wp:author>`,
  ).join("\n");
  const categories = CATEGORIES.map(
    ([slug, parent], i) =>
      `	<wp:category><wp:term_id>${i + 2}</wp:term_id><wp:category_nicename>${cdata(slug)}</wp:category_nicename><wp:category_parent>${cdata(parent)}</wp:category_parent><wp:cat_name>${cdata(slug.replace(/^./, (c) => c.toUpperCase()))}</wp:cat_name></wp:category>`,
  ).join("\n");
  const tags = TAGS.map(
    (slug, i) =>
      `	<wp:tag><wp:term_id>${i + 100}</wp:term_id><wp:tag_slug>${cdata(slug)}</wp:tag_slug><wp:tag_name>${cdata(slug.replace("-", " "))}</wp:tag_name></wp:tag>`,
  ).join("\n");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.5.3" created="2024-06-01 09:12" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Generated Gazette</title>
	<link>${SITE}</link>
	<description>A generated export for timing the import</description>
	<pubDate>Sat, 01 Jun 2024 09:12:44 +0000</pubDate>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${SITE}</wp:base_site_url>
	<wp:base_blog_url>${SITE}</wp:base_blog_url>
${authors}
${categories}
${tags}
	<generator>https://wordpress.org/?v=6.5.3</generator>
`;
}

function postStatus(): string {
  const roll = random();
  return roll < 0.9 ? "publish" : roll < 0.94 ? "draft" : roll < 0.96 ? "future" : roll < 0.98 ? "pending" : "trash";
}

async function writeImage(file: string, id: number) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const background = { r: id % 256, g: (id >> 8) % 256, b: 120 };
  await sharp({ create: { width: 24, height: 16, channels: 3, background } })
    .jpeg({ quality: 60 })
    .toFile(file);
}

async function main() {
  fs.mkdirSync(path.dirname(values.out), { recursive: true });
  const out = fs.createWriteStream(values.out);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(header());
  let commentId = 1;
  const start = Date.UTC(2015, 0, 1);
  const step = (Date.UTC(2024, 4, 1) - start) / Math.max(1, POSTS);
  for (let n = 0; n < POSTS; n++) {
    const id = 1000 + n * 2;
    const date = Math.round(start + n * step);
    const image =
      n % 5 === 0
        ? `${new Date(date).getUTCFullYear()}/${pad(new Date(date).getUTCMonth() + 1)}/photo-${id}.jpg`
        : null;
    const title = `${sentence(4, 9).slice(0, -1)} ${id}`;
    const [category] = pick(CATEGORIES);
    const tags = Array.from({ length: int(0, 4) }, () => pick(TAGS));
    // Comments spread unevenly over posts, as on a real site; the total comes out at COMMENTS.
    const count = Math.round((COMMENTS / POSTS) * (0.2 + random() * 1.6));
    const comments: Comment[] = [];
    for (let i = 0; i < count; i++) {
      const parent = comments.length > 0 && random() < 0.3 ? pick(comments).id : 0;
      comments.push({ id: commentId++, parent });
    }
    const extra =
      `		<category domain="category" nicename="${category}">${cdata(category)}</category>\n` +
      [...new Set(tags)].map((t) => `		<category domain="post_tag" nicename="${t}">${cdata(t)}</category>\n`).join("") +
      (image
        ? `		<wp:postmeta>\n		<wp:meta_key>${cdata("_thumbnail_id")}</wp:meta_key>\n		<wp:meta_value>${cdata(String(id + 1))}</wp:meta_value>\n		</wp:postmeta>\n`
        : "") +
      comments.map((c) => commentXml(c, date)).join("");
    const content = n % 2 === 0 ? blockBody(id, image) : classicBody(id, image);
    const slug = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const author = pick(AUTHORS).login;
    await write(itemXml({ id, title, slug, type: "post", status: postStatus(), date, author, content, extra }));
    if (image && values.uploads && n % 100 !== 0) await writeImage(path.join(values.uploads, image), id);
    if (image) {
      const attachment = `		<wp:attachment_url>${cdata(`${SITE}/wp-content/uploads/${image}`)}</wp:attachment_url>\n		<wp:postmeta>\n		<wp:meta_key>${cdata("_wp_attached_file")}</wp:meta_key>\n		<wp:meta_value>${cdata(image)}</wp:meta_value>\n		</wp:postmeta>\n`;
      await write(
        itemXml({
          id: id + 1,
          title: `photo-${id}`,
          slug: `photo-${id}`,
          type: "attachment",
          status: "inherit",
          date,
          author,
          content: "",
          extra: attachment,
        }),
      );
    }
  }
  await write("</channel>\n</rss>\n");
  out.end();
  await once(out, "finish");
  const size = fs.statSync(values.out).size;
  console.log(
    `${values.out}: ${POSTS.toLocaleString("en-US")} posts, ${(commentId - 1).toLocaleString("en-US")} comments, ${(size / 1e6).toFixed(1)} MB`,
  );
}

await main();
