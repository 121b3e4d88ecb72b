import { describe, expect, it } from "vitest";
import { GET as siteRss } from "@/app/feed.xml/route";
import { GET as siteAtom } from "@/app/atom.xml/route";
import { GET as sectionRss } from "@/app/(site)/[section]/feed.xml/route";
import { GET as sectionAtom } from "@/app/(site)/[section]/atom.xml/route";
import { GET as tagRss } from "@/app/(site)/tags/[tag]/feed.xml/route";
import { GET as authorAtom } from "@/app/(site)/authors/[slug]/atom.xml/route";
import { updateArticleState } from "@/lib/data/admin-articles";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";
import { all, one, parseXml, text } from "./support/xml-tree";
import { isNotModified } from "@/lib/edge/response-store";

const HOUR = 3_600_000;
const get = <P>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, params: P) =>
  handler(new Request("http://localhost/feed"), { params: Promise.resolve(params) });

/** A section with 22 stories, one hour apart, the newest carrying tags, two bylines and an image. */
async function busySection() {
  const section = await makeSection({ name: "Harbour & Sea" });
  const [first, second] = [await makeAuthor({ name: "Ayşe Yılmaz" }), await makeAuthor({ name: "Jon <Doe>" })];
  const tag = await makeTag({ name: "Ferries" });
  const now = Date.now();
  for (let i = 21; i >= 1; i--)
    await makeArticle({
      sectionId: section.id,
      headline: `Older ${i}`,
      publishedAt: now - (i + 1) * HOUR,
      updatedAt: now - (i + 1) * HOUR,
    });
  const newest = await makeArticle(
    {
      sectionId: section.id,
      headline: "Ferries <resume> & run",
      dek: "Service across the strait is back.",
      body: "Boats **run**.\n\n<script>alert(1)</script>\n\n![Quay](/uploads/quay.jpg) See [the timetable](/articles/timetable).",
      featureImagePath: "/uploads/ferry.webp",
      featureImageAlt: "A ferry",
      publishedAt: now - HOUR,
      updatedAt: now - HOUR / 2,
    },
    { authorIds: [first.id, second.id], tagIds: [tag.id] },
  );
  await makeArticle({
    sectionId: section.id,
    headline: "A draft",
    status: "draft",
    publishedAt: null,
    updatedAt: now - 2 * HOUR,
  });
  await makeArticle({
    sectionId: section.id,
    headline: "Tomorrow",
    status: "scheduled",
    publishedAt: now + HOUR,
    updatedAt: now - 2 * HOUR,
  });
  return { section, tag, authors: [first, second], newest };
}

describe("feeds", () => {
  it("RSS carries the newest 20 whole stories with authors, categories, dates and the feature image", async () => {
    const { section, newest } = await busySection();
    const rss = parseXml(await (await get(sectionRss, { section: section.slug })).text());
    const channel = one(rss, "channel");
    expect(text(channel, "title")).toBe("Harbour & Sea — The Meridian Post");
    const items = all(channel, "item");
    expect(items.map((i) => text(i, "title"))).toEqual([
      "Ferries <resume> & run",
      ...Array.from({ length: 19 }, (_, i) => `Older ${i + 1}`),
    ]);
    const item = items[0];
    expect(text(item, "link")).toBe(`http://localhost:3000/articles/${newest.slug}`);
    expect(text(item, "description")).toBe("Service across the strait is back.");
    const content = text(item, "content:encoded");
    expect(content).toContain("<strong>run</strong>");
    expect(content).not.toContain("<script");
    expect(content).toContain('src="http://localhost:3000/uploads/quay.jpg"');
    expect(content).toContain('href="http://localhost:3000/articles/timetable"');
    expect(all(item, "dc:creator").map((c) => c.text)).toEqual(["Ayşe Yılmaz", "Jon <Doe>"]);
    expect(all(item, "category").map((c) => c.text)).toEqual(["Harbour & Sea", "Ferries"]);
    expect(new Date(text(item, "pubDate")).getTime()).toBe(Math.floor(newest.publishedAt! / 1000) * 1000);
    expect(new Date(text(item, "dcterms:modified")).getTime()).toBe(newest.updatedAt);
    expect(one(item, "media:content").attributes).toMatchObject({
      url: "http://localhost:3000/uploads/ferry.webp",
      type: "image/webp",
    });
  });

  it("Atom carries the same entries, and the page's feeds follow its section, tag and author", async () => {
    const { section, tag, authors, newest } = await busySection();
    const feed = parseXml(await (await get(sectionAtom, { section: section.slug })).text());
    expect(feed.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
    const entries = all(feed, "entry");
    expect(entries).toHaveLength(20);
    const entry = entries[0];
    expect(text(entry, "title")).toBe("Ferries <resume> & run");
    expect(text(entry, "id")).toBe(`http://localhost:3000/articles/${newest.slug}`);
    expect(text(entry, "summary")).toBe("Service across the strait is back.");
    expect(text(entry, "content")).toContain("<strong>run</strong>");
    expect(one(entry, "content").attributes.type).toBe("html");
    expect(all(entry, "author").map((a) => text(a, "name"))).toEqual(["Ayşe Yılmaz", "Jon <Doe>"]);
    expect(all(entry, "category").map((c) => c.attributes.label)).toEqual(["Harbour & Sea", "Ferries"]);
    expect(new Date(text(entry, "published")).getTime()).toBe(newest.publishedAt);
    expect(new Date(text(entry, "updated")).getTime()).toBe(newest.updatedAt);
    expect(all(entry, "link").find((l) => l.attributes.rel === "enclosure")?.attributes.href).toBe(
      "http://localhost:3000/uploads/ferry.webp",
    );
    expect(new Date(text(feed, "updated")).getTime()).toBe(newest.updatedAt);

    const byTag = parseXml(await (await get(tagRss, { tag: tag.slug })).text());
    expect(all(one(byTag, "channel"), "item").map((i) => text(i, "title"))).toEqual(["Ferries <resume> & run"]);
    const byAuthor = parseXml(await (await get(authorAtom, { slug: authors[1].slug })).text());
    expect(all(byAuthor, "entry").map((e) => text(e, "title"))).toEqual(["Ferries <resume> & run"]);
    expect((await get(sectionRss, { section: "no-such-section" })).status).toBe(404);
  });

  it("the site feeds are well-formed RSS 2.0 and Atom 1.0 with a self link", async () => {
    await busySection();
    const rss = parseXml(await (await get(siteRss, {})).text());
    expect(rss.attributes.version).toBe("2.0");
    expect(one(one(rss, "channel"), "atom:link").attributes.href).toBe("http://localhost:3000/feed.xml");
    const atom = parseXml(await (await get(siteAtom, {})).text());
    expect(all(atom, "link").find((l) => l.attributes.rel === "self")?.attributes.href).toBe(
      "http://localhost:3000/atom.xml",
    );
    expect(all(atom, "entry").length).toBe(20);
  });

  // The route reads no request (it is cached like a page); the edge answers conditional polls from the
  // validators the feed carries. Here: those validators, judged by the edge's own rule.
  it("answers a poll with 304 while nothing changed, and with the new feed once something did", async () => {
    const { section, newest } = await busySection();
    const poll = async (ifNoneMatch?: string, ifModifiedSince?: string) => {
      const response = await get(sectionAtom, { section: section.slug });
      const entry = {
        etag: response.headers.get("etag")!,
        lastModified: Date.parse(response.headers.get("last-modified")!),
      };
      return { response, notModified: isNotModified(entry, ifNoneMatch, ifModifiedSince) };
    };
    const { response: first } = await poll();
    const etag = first.headers.get("etag")!;
    const modified = first.headers.get("last-modified")!;
    expect(first.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(new Date(modified).getTime()).toBe(Math.floor(newest.updatedAt / 1000) * 1000);

    expect((await poll(etag)).notModified).toBe(true);
    expect((await poll(`W/${etag}, "other"`)).notModified).toBe(true);
    expect((await poll(undefined, modified)).notModified).toBe(true);
    expect((await poll(undefined, new Date(Date.parse(modified) - 1000).toUTCString())).notModified).toBe(false);
    expect((await poll('"stale"', modified)).notModified).toBe(false);

    await updateArticleState(newest.id, { status: "draft" });
    const changed = await poll(etag);
    expect(changed.notModified).toBe(false);
    expect(await changed.response.text()).not.toContain("Ferries &lt;resume&gt;");
    // The newest story left: Last-Modified still moves forward, so If-Modified-Since sees the change too.
    expect((await poll(undefined, modified)).notModified).toBe(false);
  });
});
