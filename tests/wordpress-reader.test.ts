import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readWxr, WxrError, type WxrSource } from "@/lib/wordpress/wxr-reader";
import { metaValue, type WxrItem, type WxrRecord } from "@/lib/wordpress/wxr-types";

const FIXTURE = path.join(import.meta.dirname, "fixtures/wordpress/export.xml");

async function readAll(source: WxrSource, warnings: string[] = []): Promise<WxrRecord[]> {
  const records: WxrRecord[] = [];
  for await (const record of readWxr(source, { onWarning: (w) => warnings.push(w) })) records.push(record);
  return records;
}

const items = (records: WxrRecord[]) => records.flatMap((r) => (r.kind === "item" ? [r.item] : []));
const item = (records: WxrRecord[], id: number) => items(records).find((i) => i.postId === id)!;

/** A WXR document around the given channel content, with WordPress's namespace declarations. */
function wxr(channel: string, prefixes = { wp: "wp", content: "content", excerpt: "excerpt", dc: "dc" }) {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:${prefixes.excerpt}="http://wordpress.org/export/1.2/excerpt/" xmlns:${prefixes.content}="http://purl.org/rss/1.0/modules/content/" xmlns:${prefixes.dc}="http://purl.org/dc/elements/1.1/" xmlns:${prefixes.wp}="http://wordpress.org/export/1.2/">
<channel><title>T</title><link>https://t.example</link><${prefixes.wp}:wxr_version>1.2</${prefixes.wp}:wxr_version>
${channel}
</channel></rss>`;
}

describe("reading a WordPress 6 export", async () => {
  const records = await readAll(fs.createReadStream(FIXTURE));

  it("yields the site first, with its title, address and the WordPress version that wrote it", () => {
    expect(records[0]).toEqual({
      kind: "site",
      site: {
        title: "Harbour Gazette",
        link: "https://harbourgazette.example",
        description: "News from the harbour town & the islands",
        language: "en-US",
        wxrVersion: "1.2",
        baseSiteUrl: "https://harbourgazette.example",
        baseBlogUrl: "https://harbourgazette.example",
        generator: "WordPress/6.5.3",
      },
    });
    // The site icon's <image> has a title and link of its own; they are not the site's.
    expect(records.filter((r) => r.kind === "site")).toHaveLength(1);
  });

  it("reads authors, categories with their parent, tags and other terms", () => {
    expect(records.filter((r) => r.kind === "author").map((r) => r.kind === "author" && r.author)).toEqual([
      expect.objectContaining({
        id: 1,
        login: "editor",
        displayName: "Ayşe Demir",
        email: "editor@harbourgazette.example",
      }),
      expect.objectContaining({
        id: 2,
        login: "j.okafor",
        firstName: "John",
        lastName: "Okafor",
        description: "John covers the city council and the port authority.",
      }),
      expect.objectContaining({ id: 3, login: "stringer", displayName: "" }),
    ]);
    const harbour = records.find((r) => r.kind === "category" && r.category.slug === "harbour");
    expect(harbour).toEqual({
      kind: "category",
      category: { termId: 3, slug: "harbour", parentSlug: "news", name: "Harbour", description: "" },
    });
    expect(records.find((r) => r.kind === "tag" && r.tag.termId === 6)).toEqual({
      kind: "tag",
      tag: { termId: 6, slug: "%c4%b0stanbul-bo%c4%9faz%c4%b1", name: "İstanbul Boğazı", description: "" },
    });
    expect(records.find((r) => r.kind === "term")).toEqual({
      kind: "term",
      term: { termId: 7, taxonomy: "nav_menu", slug: "main-menu", parentSlug: "", name: "Main menu", description: "" },
    });
  });

  it("reads every field of a post, keeping the body's exact text", () => {
    const post = item(records, 101);
    expect(post).toMatchObject({
      title: "Ferry timetable changes for summer",
      link: "https://harbourgazette.example/2024/05/14/ferry-timetable-summer/",
      guid: "https://harbourgazette.example/?p=101",
      creator: "editor",
      postName: "ferry-timetable-summer",
      postDate: "2024-05-14 10:30:00",
      postDateGmt: "2024-05-14 07:30:00",
      postModifiedGmt: "2024-05-15 06:00:00",
      status: "publish",
      postType: "post",
      commentStatus: "open",
      isSticky: true,
      excerpt: "New boats, earlier departures &amp; a faster island route.",
    } satisfies Partial<WxrItem>);
    expect(post.content.startsWith("<!-- wp:paragraph -->\n<p>The harbour authority")).toBe(true);
    expect(post.content.endsWith("<!-- wp:latest-posts /-->")).toBe(true);
    expect(post.terms).toEqual([
      { domain: "category", nicename: "harbour", name: "Harbour" },
      { domain: "post_tag", nicename: "ferries", name: "Ferries" },
      { domain: "post_tag", nicename: "%c4%b0stanbul-bo%c4%9faz%c4%b1", name: "İstanbul Boğazı" },
      { domain: "post_format", nicename: "post-format-video", name: "Video" },
    ]);
    expect(metaValue(post.meta, "_thumbnail_id")).toBe("201");
  });

  it("reads nested comments with every field", () => {
    const comments = item(records, 101).comments;
    expect(comments.map((c) => [c.id, c.parent, c.approved, c.type])).toEqual([
      [11, 0, "1", "comment"],
      [12, 11, "1", "comment"],
      [13, 12, "0", "comment"],
      [14, 0, "spam", "comment"],
      [15, 11, "trash", "comment"],
      [16, 0, "1", "pingback"],
      [17, 16, "1", "comment"],
      [18, 13, "1", "comment"],
      [19, 0, "1", "trackback"],
    ]);
    expect(comments[0]).toEqual({
      id: 11,
      author: "Mehmet Yılmaz",
      authorEmail: "mehmet@example.org",
      authorUrl: "https://mehmet.example.org",
      authorIp: "203.0.113.7",
      date: "2024-05-14 12:00:00",
      dateGmt: "2024-05-14 09:00:00",
      content:
        'Finally an earlier boat!\n\nI commute at 7 and the <a href="https://example.org/old-timetable" rel="nofollow ugc">old timetable</a> made me late &amp; grumpy.',
      approved: "1",
      type: "comment",
      parent: 0,
      userId: 0,
      meta: [{ key: "akismet_result", value: "false" }],
    });
    expect(comments[1].userId).toBe(1);
    // "]]>" inside a comment's text is written by WordPress as two CDATA sections.
    expect(comments[5].content).toBe("[&#8230;] the Harbour Gazette reports earlier boats [&#8230;]");
  });

  it("reads attachments, pages, menu items and custom types as items of their type", () => {
    expect(items(records).map((i) => [i.postId, i.postType, i.status])).toEqual([
      [101, "post", "publish"],
      [102, "post", "publish"],
      [103, "post", "future"],
      [104, "post", "draft"],
      [105, "post", "trash"],
      [106, "post", "publish"],
      [107, "post", "pending"],
      [2, "page", "publish"],
      [201, "attachment", "inherit"],
      [202, "attachment", "inherit"],
      [301, "nav_menu_item", "publish"],
      [401, "event", "publish"],
    ]);
    const photo = item(records, 201);
    expect(photo.attachmentUrl).toBe("https://harbourgazette.example/wp-content/uploads/2024/05/harbour.jpg");
    expect(metaValue(photo.meta, "_wp_attached_file")).toBe("2024/05/harbour.jpg");
    expect(photo.postParent).toBe(101);
    expect(item(records, 106).postPassword).toBe("harbour2024");
    expect(item(records, 104).postDateGmt).toBe("0000-00-00 00:00:00");
  });
});

describe("the reader's robustness", () => {
  const doc = wxr(`<item><title>Tom &amp; Jerry&#8217;s &nbsp;day</title><wp:post_id>7</wp:post_id>
<content:encoded><![CDATA[<p>Ünïcödé — 日本語 ✓</p>]]></content:encoded><wp:post_type>post</wp:post_type></item>`);

  it("gives the same records whatever the chunking, even a UTF-8 character split between chunks", async () => {
    const bytes = Buffer.from(doc);
    const whole = await readAll(Readable.from([bytes]));
    const bytewise = await readAll(Readable.from(Array.from(bytes, (b) => Buffer.from([b]))));
    expect(bytewise).toEqual(whole);
    expect(item(whole, 7).content).toBe("<p>Ünïcödé — 日本語 ✓</p>");
  });

  it("decodes XML entities and keeps an HTML entity XML does not know as text, with a warning", async () => {
    const warnings: string[] = [];
    const post = item(await readAll([doc], warnings), 7);
    expect(post.title).toBe("Tom & Jerry’s &nbsp;day");
    expect(warnings).toEqual([expect.stringContaining("undefined entity")]);
  });

  it("reads a file that binds WordPress's namespaces to other prefixes", async () => {
    const other = wxr(
      `<item><x:post_id>9</x:post_id><c:encoded><![CDATA[body]]></c:encoded><e:encoded>short</e:encoded><d:creator>ann</d:creator></item>`,
      { wp: "x", content: "c", excerpt: "e", dc: "d" },
    ).replace("<x:wxr_version>1.2</x:wxr_version>", "");
    const post = item(await readAll([other]), 9);
    expect(post).toMatchObject({ content: "body", excerpt: "short", creator: "ann" });
  });

  it("drops control characters XML forbids, which old sites let through, and says so", async () => {
    const warnings: string[] = [];
    const post = item(
      await readAll([wxr("<item><wp:post_id>3</wp:post_id><title>Bell\u0007 rang\u000b</title></item>")], warnings),
      3,
    );
    expect(post.title).toBe("Bell rang");
    expect(warnings).toEqual(["2 control characters that XML forbids were removed."]);
  });

  it("reads an export written in another charset than UTF-8", async () => {
    const latin1 = Buffer.from(
      wxr("<item><wp:post_id>4</wp:post_id><title>Café olé</title></item>").replace(
        'encoding="UTF-8"',
        'encoding="ISO-8859-1"',
      ),
      "latin1",
    );
    expect(item(await readAll([latin1]), 4).title).toBe("Café olé");
  });

  it("refuses a file that is not a WordPress export, and a broken or cut-off one, saying where", async () => {
    await expect(readAll(['<?xml version="1.0"?><html><body/></html>'])).rejects.toThrow(
      new WxrError("The file is not a WordPress export (WXR): its root is <html>."),
    );
    await expect(readAll(["not xml at all"])).rejects.toThrow(WxrError);
    await expect(readAll([""])).rejects.toThrow(/not a WordPress export/);
    const cut = doc.slice(0, doc.indexOf("</item>"));
    await expect(readAll([cut])).rejects.toThrow(/not a well-formed WordPress export: line \d+, column \d+/);
    await expect(readAll([wxr("<item><title>a</titel></item>")])).rejects.toThrow(/line 4, column \d+/);
  });
});

describe("streaming", () => {
  /** A lazily generated export: one item per chunk, counting the chunks handed out. */
  function lazyExport(total: number) {
    const stats = { chunksPulled: 0, closed: false };
    async function* chunks() {
      try {
        yield wxr("").replace("</channel></rss>", "");
        for (let i = 1; i <= total; i++) {
          stats.chunksPulled++;
          yield `<item><wp:post_id>${i}</wp:post_id><content:encoded><![CDATA[${"x".repeat(1000)}]]></content:encoded></item>\n`;
        }
        yield "</channel></rss>";
      } finally {
        stats.closed = true;
      }
    }
    return { source: chunks(), stats };
  }

  it("reads no further ahead than the consumer has asked for", async () => {
    const { source, stats } = lazyExport(10_000);
    const reader = readWxr(source);
    let seen = 0;
    for await (const record of reader) {
      if (record.kind !== "item") continue;
      seen++;
      // Each item is yielded as soon as its chunk is parsed; the source is at most one chunk ahead.
      expect(stats.chunksPulled).toBeLessThanOrEqual(seen + 1);
      if (seen === 50) break;
    }
    expect(stats.chunksPulled).toBeLessThanOrEqual(51);
    // Leaving the loop early stops the source (a file stream is closed).
    expect(stats.closed).toBe(true);
  });

  it("reads a large export item by item to the end", async () => {
    const { source, stats } = lazyExport(5_000);
    let count = 0;
    let lastId = 0;
    for await (const record of readWxr(source)) {
      if (record.kind === "item") {
        count++;
        lastId = record.item.postId;
      }
    }
    expect([count, lastId, stats.chunksPulled]).toEqual([5_000, 5_000, 5_000]);
  });

  it("reports the bytes read as it goes, for the progress bar", async () => {
    const seen: number[] = [];
    const size = fs.statSync(FIXTURE).size;
    const records: WxrRecord[] = [];
    const stream = fs.createReadStream(FIXTURE, { highWaterMark: 4096 });
    for await (const record of readWxr(stream, { onBytes: (n) => seen.push(n) })) records.push(record);
    expect(records).toHaveLength(24);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(size);
  });
});
