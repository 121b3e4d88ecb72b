import { renderToStaticMarkup } from "react-dom/server";
import { count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, transaction } from "@/db";
import { auditEntries, menuItems, pageRevisions, pages } from "@/db/schema";
import { GET as siteRss } from "@/app/feed.xml/route";
import { GET as newsSitemap } from "@/app/news-sitemap.xml/route";
import { GET as sitemapFile } from "@/app/sitemaps/[file]/route";
import { idleState, NOT_ALLOWED, SIGN_IN_REQUIRED, type ActionState } from "@/lib/actions/state";
import { accessOf } from "@/lib/actions/wrappers";
import type { SessionUser } from "@/lib/auth/roles";
import { listLatestArticles, listSectionArticles } from "@/lib/data/articles";
import { getMenus } from "@/lib/data/menus";
import { resolveOldLink } from "@/lib/data/old-link-lookup";
import { getPageForEditing, getPublishedPage, listPageRevisions, savePage } from "@/lib/data/pages";
import { searchArticles } from "@/lib/data/search";
import { createUser } from "@/lib/data/users";
import { DatabaseSink } from "@/lib/data/wordpress-import";
import { SLUG_RESERVED, SLUG_SECTION, SLUG_TAKEN } from "@/lib/pages/rules";
import { importWxr } from "@/lib/wordpress/importer";
import { makeArticle, makeSection } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  permanentRedirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url, permanent: true });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { savePageAction, restorePageRevisionAction, deletePageAction } = await import("@/lib/actions/pages");
const { addMenuItemAction, moveMenuItemAction, removeMenuItemAction } = await import("@/lib/actions/menus");
const { default: RootPage } = await import("@/app/(site)/[section]/[[...page]]/page");

let editor: SessionUser;
let author: SessionUser;
let contributor: SessionUser;

beforeAll(async () => {
  const mk = async (email: string, role: SessionUser["role"]) => {
    const u = await createUser({ email, name: email, role, passwordHash: "x" });
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  editor = await mk("pages-ed@example.com", "editor");
  author = await mk("pages-au@example.com", "author");
  contributor = await mk("pages-co@example.com", "contributor");
});

beforeEach(() => {
  invalidated.length = 0;
  signInAs(editor);
});

function form(values: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, String(v));
  return f;
}

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 7)}`;

/** Creates a page through the editor's action, as the new-page form posts it; returns its id. */
async function createPage(values: { title: string; slug?: string; body?: string; status?: string }): Promise<number> {
  const posted = savePageAction(
    idleState,
    form({ id: "", baseVersion: "", slug: "", body: "", status: "published", ...values }),
  );
  const thrown = await posted.then(
    (state) => {
      throw new Error(`expected a redirect, got ${JSON.stringify(state)}`);
    },
    (error: { message: string; url?: string }) => error,
  );
  expect(thrown.message).toBe("NEXT_REDIRECT");
  return Number(/^\/admin\/pages\/(\d+)\?saved=1$/.exec(thrown.url!)![1]);
}

async function renderRoot(section: string, page?: string[]): Promise<string> {
  const element = await RootPage({ params: Promise.resolve({ section, page }) });
  return renderToStaticMarkup(element);
}

const text = async (response: Response | Promise<Response>) => (await response).text();

describe("static pages at the root address", () => {
  it("an editor writes a page in the stories' Markdown; it answers at /slug, sanitised like a story", async () => {
    const slug = unique("about");
    const id = await createPage({
      title: "About the Post",
      slug,
      body: "We are **independent**.\n\n<script>alert(1)</script>\n\n[Write to us](javascript:alert(2))",
    });
    expect(invalidated).toEqual(expect.arrayContaining([`page:${slug}`, "pages"]));

    const html = await renderRoot(slug);
    expect(html).toContain("About the Post</h1>");
    expect(html).toContain("<strong>independent</strong>");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("javascript:");

    // Back to a draft: readers get a 404, and the address's cached page is dropped.
    invalidated.length = 0;
    const saved = await savePageAction(
      idleState,
      form({ id, baseVersion: 1, title: "About the Post", slug, body: "Draft", status: "draft" }),
    );
    expect(saved).toMatchObject({ status: "ok", version: 2 });
    expect(invalidated).toEqual(expect.arrayContaining([`page:${slug}`, "pages"]));
    await expect(renderRoot(slug)).rejects.toThrow("NEXT_NOT_FOUND");
    expect(await getPublishedPage(slug)).toBeNull();
  });

  it("a draft saved as a draft touches no reader page", async () => {
    const id = await createPage({ title: "Ethics policy", slug: unique("ethics"), status: "draft" });
    expect(invalidated).toEqual([]);
    expect((await getPageForEditing(id))?.status).toBe("draft");
  });

  it("a section at the same address still answers there; a page never takes one", async () => {
    const section = await makeSection({ name: "Opinion", slug: unique("opinion") });
    const refused = await savePageAction(
      idleState,
      form({ id: "", title: "Opinion", slug: section.slug, body: "", status: "published" }),
    );
    expect(refused).toMatchObject({ status: "error", fieldErrors: { slug: [SLUG_SECTION] } });
    expect(await db.select().from(pages).where(eq(pages.slug, section.slug))).toEqual([]);
    expect(await renderRoot(section.slug)).toContain("Opinion");
  });

  it("refuses the address of a route of the app's own, a taken one, and a crafted one, with a field error", async () => {
    for (const slug of ["admin", "api", "articles", "sections", "tags", "authors", "search", "feed", "sitemaps"]) {
      const state = await savePageAction(
        idleState,
        form({ id: "", title: "Sneaky", slug, body: "", status: "published" }),
      );
      expect(state, slug).toMatchObject({ status: "error", fieldErrors: { slug: [SLUG_RESERVED] } });
    }
    // An empty address takes the title's: "Search" would be /search, which is the search page.
    expect(
      await savePageAction(idleState, form({ id: "", title: "Search", slug: "", body: "", status: "draft" })),
    ).toMatchObject({ status: "error", fieldErrors: { slug: [SLUG_RESERVED] } });
    for (const slug of ["../admin", "Admin", "a/b", "x y", "%2fadmin"]) {
      const state = await savePageAction(idleState, form({ id: "", title: "Odd", slug, body: "", status: "draft" }));
      expect(state.fieldErrors?.slug, slug).toBeDefined();
    }
    const taken = unique("contact");
    await createPage({ title: "Contact", slug: taken });
    expect(
      await savePageAction(idleState, form({ id: "", title: "Contact", slug: taken, body: "", status: "draft" })),
    ).toMatchObject({ status: "error", fieldErrors: { slug: [SLUG_TAKEN] } });
    // The data layer holds the rule too, whoever calls it.
    const section = await makeSection({ slug: unique("world") });
    expect(
      await savePage(null, null, { title: "World", slug: section.slug, body: "", status: "published" }, null),
    ).toEqual({ kind: "slug", message: SLUG_SECTION });
  });

  it("is in the sitemap, and in no feed, section list, latest list, search or news sitemap", async () => {
    const word = `Zephyrine${Math.random().toString(36).slice(2, 6)}`;
    const section = await makeSection({ slug: unique("culture") });
    await makeArticle({ headline: `Story about ${word}`, sectionId: section.id });
    const slug = unique("corrections");
    await createPage({ title: `Corrections ${word}`, slug, body: `How we correct ${word}.` });
    const draft = unique("draft-page");
    await createPage({ title: `Draft ${word}`, slug: draft, status: "draft" });

    const sitemap = await text(
      sitemapFile(new Request("http://x/"), { params: Promise.resolve({ file: "pages.xml" }) }),
    );
    expect(sitemap).toContain(`/${slug}</loc>`);
    expect(sitemap).not.toContain(`/${draft}</loc>`);

    for (const out of [
      await text(siteRss(new Request("http://localhost/feed.xml"), { params: Promise.resolve({}) })),
      await text(newsSitemap()),
    ]) {
      expect(out).toContain(`Story about ${word}`);
      expect(out).not.toContain(`Corrections ${word}`);
      expect(out).not.toContain(`/${slug}`);
    }
    const hits = await searchArticles(word, 1);
    expect(hits?.items.map((h) => h.headline)).toEqual([`Story about ${word}`]);
    expect((await listSectionArticles(section.id, 1))?.items.map((a) => a.headline)).toEqual([`Story about ${word}`]);
    expect((await listLatestArticles(50)).some((a) => a.headline.includes(`Corrections ${word}`))).toBe(false);
  });
});

describe("deleting a page", () => {
  it("takes it off the site and out of the menus, with its revisions", async () => {
    const slug = unique("gone");
    const id = await createPage({ title: "Gone soon", slug });
    await addMenuItemAction(idleState, form({ menu: "footer", kind: "page", pageId: id }));
    invalidated.length = 0;
    expect(await deletePageAction(idleState, form({ pageId: id }))).toMatchObject({ status: "ok" });
    expect(invalidated).toEqual(expect.arrayContaining([`page:${slug}`, "pages", "menus"]));
    expect(await getPublishedPage(slug)).toBeNull();
    expect(await db.select().from(menuItems).where(eq(menuItems.pageId, id))).toEqual([]);
    expect(await db.select().from(pageRevisions).where(eq(pageRevisions.pageId, id))).toEqual([]);
    expect(await deletePageAction(idleState, form({ pageId: id }))).toMatchObject({ status: "error" });
    // The audit trail says who did each of it.
    const trail = await db
      .select({ action: auditEntries.action, actorId: auditEntries.actorId })
      .from(auditEntries)
      .where(eq(auditEntries.targetId, String(id)));
    expect(trail.map((e) => e.action).sort()).toEqual(["page.create", "page.delete"]);
    expect(trail.every((e) => e.actorId === editor.id)).toBe(true);
  });
});

describe("page revisions", () => {
  it("keeps each save, restores an earlier one, and refuses a save based on an old version", async () => {
    const slug = unique("masthead");
    const id = await createPage({ title: "Masthead", slug, body: "First text." });
    expect(
      await savePageAction(
        idleState,
        form({ id, baseVersion: 1, title: "Masthead", slug, body: "Second text.", status: "published" }),
      ),
    ).toMatchObject({ status: "ok", version: 2 });
    const revisions = await listPageRevisions(id);
    expect(revisions).toHaveLength(2);
    expect(revisions[0].userName).toBe(editor.name);

    // A colleague's form still based on version 1 cannot overwrite version 2.
    const stale = await savePageAction(
      idleState,
      form({ id, baseVersion: 1, title: "Masthead", slug, body: "Stale text.", status: "published" }),
    );
    expect(stale.status).toBe("error");
    expect((await getPageForEditing(id))?.body).toBe("Second text.");

    invalidated.length = 0;
    const first = revisions[1];
    expect(
      await restorePageRevisionAction(idleState, form({ pageId: id, revisionId: first.id, baseVersion: 2 })),
    ).toMatchObject({ status: "ok" });
    expect(await getPageForEditing(id)).toMatchObject({ body: "First text.", version: 3 });
    expect(await listPageRevisions(id)).toHaveLength(3);
    expect(invalidated).toContain(`page:${slug}`);

    // A revision of another page is not this page's to restore.
    const other = await createPage({ title: "Other", slug: unique("other") });
    const [otherRevision] = await listPageRevisions(other);
    expect(
      await restorePageRevisionAction(idleState, form({ pageId: id, revisionId: otherRevision.id, baseVersion: 3 })),
    ).toMatchObject({ status: "error" });
  });
});

describe("the header and footer menus", () => {
  beforeEach(async () => {
    await transaction((tx) => tx.delete(menuItems));
  });

  const header = async () => (await getMenus()).header.map((l) => `${l.label} ${l.href}`);

  it("adds sections, pages and links in order, moves and removes them, dropping only the menus tag", async () => {
    const section = await makeSection({ name: "Business", slug: unique("business") });
    const slug = unique("about-us");
    const pageId = await createPage({ title: "About us", slug });
    invalidated.length = 0;

    const entries: Record<string, string | number>[] = [
      { kind: "section", sectionId: section.id },
      { kind: "page", pageId },
      { kind: "link", label: "Newsletter", url: "/subscribe" },
    ];
    for (const entry of entries) {
      expect(await addMenuItemAction(idleState, form({ menu: "header", ...entry }))).toMatchObject({ status: "ok" });
    }
    expect(invalidated).toEqual(["menus", "menus", "menus"]);
    expect(await header()).toEqual([`Business /${section.slug}`, `About us /${slug}`, "Newsletter /subscribe"]);
    expect((await getMenus()).footer).toEqual([]);

    const items = await db.select().from(menuItems).orderBy(menuItems.position);
    invalidated.length = 0;
    expect(await moveMenuItemAction(idleState, form({ itemId: items[2].id, direction: "up" }))).toMatchObject({
      status: "ok",
    });
    expect(await header()).toEqual([`Business /${section.slug}`, "Newsletter /subscribe", `About us /${slug}`]);
    expect(await moveMenuItemAction(idleState, form({ itemId: items[0].id, direction: "up" }))).toMatchObject({
      status: "error",
    });
    expect(await removeMenuItemAction(idleState, form({ itemId: items[0].id }))).toMatchObject({ status: "ok" });
    expect(await header()).toEqual(["Newsletter /subscribe", `About us /${slug}`]);
    expect(invalidated).toEqual(["menus", "menus"]);

    // A page in a menu: withdrawing it drops the menus too, and readers no longer see its entry.
    invalidated.length = 0;
    await savePageAction(
      idleState,
      form({ id: pageId, baseVersion: 1, title: "About us", slug, body: "", status: "draft" }),
    );
    expect(invalidated).toContain("menus");
    expect(await header()).toEqual(["Newsletter /subscribe"]);
  });

  it("refuses a custom link to javascript:, data: and other addresses that are not this site's or the web's", async () => {
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example/",
      "/\\evil.example",
      "vbscript:msgbox(1)",
      "https:evil",
      "",
    ]) {
      const state = await addMenuItemAction(idleState, form({ menu: "header", kind: "link", label: "Hi", url }));
      expect(state, url).toMatchObject({ status: "error" });
      expect(state.fieldErrors?.url, url).toBeDefined();
    }
    expect(
      await addMenuItemAction(idleState, form({ menu: "sidebar", kind: "link", label: "Hi", url: "/x" })),
    ).toMatchObject({ status: "error" });
    expect((await db.select({ n: count() }).from(menuItems))[0].n).toBe(0);
    expect(invalidated).toEqual([]);
  });

  it("refuses an entry naming a section or page that does not exist", async () => {
    expect(await addMenuItemAction(idleState, form({ menu: "footer", kind: "page", pageId: 999_999 }))).toMatchObject({
      status: "error",
    });
    expect((await db.select({ n: count() }).from(menuItems))[0].n).toBe(0);
  });
});

describe("who may call the page and menu actions", () => {
  it("each is an editor's, and refuses a signed-out caller, an author and a contributor", async () => {
    const slug = unique("guarded");
    const pageId = await createPage({ title: "Guarded", slug, body: "Kept." });
    await addMenuItemAction(idleState, form({ menu: "footer", kind: "page", pageId }));
    const [item] = await db.select().from(menuItems).where(eq(menuItems.pageId, pageId));
    const [revision] = await listPageRevisions(pageId);
    const calls: [string, (prev: ActionState, f: FormData) => Promise<ActionState>, Record<string, string | number>][] =
      [
        [
          "savePageAction",
          savePageAction,
          { id: "", title: "Hijack", slug: unique("x"), body: "", status: "published" },
        ],
        [
          "savePageAction (update)",
          savePageAction,
          { id: pageId, baseVersion: 1, title: "Hijack", slug, body: "Owned", status: "published" },
        ],
        ["restorePageRevisionAction", restorePageRevisionAction, { pageId, revisionId: revision.id, baseVersion: 1 }],
        ["deletePageAction", deletePageAction, { pageId }],
        [
          "addMenuItemAction",
          addMenuItemAction,
          { menu: "header", kind: "link", label: "Spam", url: "https://x.example" },
        ],
        ["moveMenuItemAction", moveMenuItemAction, { itemId: item.id, direction: "up" }],
        ["removeMenuItemAction", removeMenuItemAction, { itemId: item.id }],
      ];
    const before = {
      pages: (await db.select({ n: count() }).from(pages))[0].n,
      revisions: (await db.select({ n: count() }).from(pageRevisions))[0].n,
      menu: await db.select().from(menuItems),
    };
    invalidated.length = 0;
    for (const [name, action, values] of calls) {
      expect(accessOf(action), name).toEqual({ kind: "role", min: "editor" });
      for (const [who, expected] of [
        [null, SIGN_IN_REQUIRED],
        [contributor, NOT_ALLOWED],
        [author, NOT_ALLOWED],
      ] as const) {
        signInAs(who);
        expect(await action(idleState, form(values)), `${name} as ${who?.role ?? "nobody"}`).toMatchObject({
          status: "error",
          message: expected,
        });
      }
    }
    expect((await db.select({ n: count() }).from(pages))[0].n).toBe(before.pages);
    expect((await db.select({ n: count() }).from(pageRevisions))[0].n).toBe(before.revisions);
    expect(await db.select().from(menuItems)).toEqual(before.menu);
    expect(await getPageForEditing(pageId)).toMatchObject({ title: "Guarded", body: "Kept." });
    expect(invalidated).toEqual([]);
  });
});

const WXR = (items: string) => `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Gazette</title>
  <link>https://old.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example</wp:base_site_url>
  <wp:base_blog_url>https://old.example</wp:base_blog_url>
${items}
</channel>
</rss>`;

const wpPage = (p: { id: number; name: string; title: string; parent?: number; link: string; body: string }) => `
  <item>
    <title><![CDATA[${p.title}]]></title>
    <link>${p.link}</link>
    <pubDate>Mon, 01 Jan 2018 09:00:00 +0000</pubDate>
    <dc:creator><![CDATA[editor]]></dc:creator>
    <guid isPermaLink="false">https://old.example/?page_id=${p.id}</guid>
    <content:encoded><![CDATA[${p.body}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>${p.id}</wp:post_id>
    <wp:post_date><![CDATA[2018-01-01 12:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2018-01-01 09:00:00]]></wp:post_date_gmt>
    <wp:post_modified_gmt><![CDATA[2018-01-02 09:00:00]]></wp:post_modified_gmt>
    <wp:post_name><![CDATA[${p.name}]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_parent>${p.parent ?? 0}</wp:post_parent>
    <wp:post_type><![CDATA[page]]></wp:post_type>
  </item>`;

describe("the WordPress import of pages", () => {
  it("brings pages across with a revision, and their old addresses lead to the new ones", async () => {
    const base = unique("company");
    const child = unique("team");
    // A section already has the child page's slug: the page takes the next free address.
    await makeSection({ name: "Team", slug: child });
    const xml = WXR(
      wpPage({
        id: 41,
        name: base,
        title: "Company",
        link: `https://old.example/${base}/`,
        body: "<p>Who owns the <strong>Gazette</strong>.</p>",
      }) +
        wpPage({
          id: 42,
          name: child,
          title: "Our team",
          parent: 41,
          link: `https://old.example/${base}/${child}/`,
          body: "<p>The people.</p>",
        }),
    );
    const run = async () => {
      const sink = new DatabaseSink({ source: "pages.xml", totalBytes: xml.length });
      const summary = await importWxr([xml], { sink });
      await sink.end({ summary });
      return summary;
    };
    const summary = await run();
    expect(summary.counts.pages).toMatchObject({ created: 2 });
    expect(summary.skipped.page).toBeUndefined();
    expect(summary.slugChanges).toContainEqual({ kind: "page", wpId: 42, wanted: child, got: `${child}-2` });

    const company = await getPublishedPage(base);
    expect(company).toMatchObject({ title: "Company", body: "Who owns the **Gazette**." });
    expect(await listPageRevisions(company!.id)).toHaveLength(1);
    // At the same address, the page itself answers; the nested permalink and ?page_id= redirect.
    expect(await renderRoot(base)).toContain("Company</h1>");
    expect(await resolveOldLink(`/${base}/${child}/`)).toBe(`/${child}-2`);
    expect(await resolveOldLink("/", "?page_id=42")).toBe(`/${child}-2`);
    await expect(renderRoot(base, [child])).rejects.toMatchObject({ url: `/${child}-2`, permanent: true });

    // Run again: nothing changes.
    expect((await run()).counts.pages).toMatchObject({ created: 0, unchanged: 2 });
  });
});
