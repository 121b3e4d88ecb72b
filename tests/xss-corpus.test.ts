import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { eq } from "drizzle-orm";
import { Parser } from "htmlparser2";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { articles, comments } from "@/db/schema";
import { GET as sectionRss } from "@/app/(site)/[section]/feed.xml/route";
import { GET as sectionAtom } from "@/app/(site)/[section]/atom.xml/route";
import { GET as siteRss } from "@/app/feed.xml/route";
import { ArticleView } from "@/components/article/article-view";
import { CommentList } from "@/components/comments/comment-list";
import { HighlightedText } from "@/components/search/highlighted-text";
import { idleState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { renderMarkdown } from "@/lib/articles/markdown";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { getArticleBySlug } from "@/lib/data/articles";
import { buildCommentTree, type PublicComment } from "@/lib/data/comments";
import { searchArticles } from "@/lib/data/search";
import { getSettingsUncached, saveSettings } from "@/lib/data/settings";
import { createUser, getAuthorForUser, saveAuthorProfile } from "@/lib/data/users";
import { homeJsonLd, jsonLdScriptText, newsArticleJsonLd } from "@/lib/metadata/json-ld";
import { parseTagNames } from "@/lib/validation/article";
import { XSS_PAYLOADS } from "./fixtures/xss-payloads";
import { makeArticle, makeSection } from "./support/factories";
import { signInAs } from "./support/session";
import { parseXml, type XmlNode } from "./support/xml-tree";

// Issue 10, "bad input corpus": every payload goes in through the real actions and comes out as text
// wherever it is shown. The checks parse what is served (XML with saxes, HTML with htmlparser2)
// rather than grepping, so an attribute value that merely mentions "onerror" is not a false alarm.

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
    delete: (arg: string | { name: string }) => request.cookies.delete(typeof arg === "string" ? arg : arg.name),
  }),
}));
vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const { postCommentAction } = await import("@/lib/actions/comments");
const { saveArticleAction } = await import("@/lib/actions/articles");

type Element = { name: string; attributes: Record<string, string>; text: string };

/** Every element in an HTML fragment, the way a browser's tokenizer would see it. */
function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  const open: Element[] = [];
  const parser = new Parser(
    {
      onopentag: (name, attributes) => {
        const el = { name, attributes, text: "" };
        found.push(el);
        open.push(el);
      },
      ontext: (t) => {
        if (open.length) open[open.length - 1].text += t;
      },
      onclosetag: () => void open.pop(),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

const DANGEROUS_URL = /^\s*(javascript|vbscript|data):/i;

/** Nothing in `html` can run: no script (but JSON-LD), no handler attribute, no script URL, no frame. */
function expectInert(html: string, where: string) {
  for (const el of elementsOf(html)) {
    const context = `${where}: <${el.name} ${JSON.stringify(el.attributes)}>`;
    if (el.name === "script") expect(el.attributes.type, context).toBe("application/ld+json");
    expect(["iframe", "object", "embed", "base", "meta", "style", "frame", "applet"], context).not.toContain(el.name);
    for (const [name, value] of Object.entries(el.attributes)) {
      expect(name, context).not.toMatch(/^on/);
      expect(name, context).not.toBe("srcdoc");
      if (["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"].includes(name))
        expect(value.replace(/[\s\u0000-\u001f]/g, ""), context).not.toMatch(DANGEROUS_URL);
      if (name === "style") expect(value, context).not.toMatch(/expression|javascript|url\(/i);
    }
  }
}

/** The JSON-LD text cannot end its <script> early or open an HTML comment, and parses back to the data. */
function expectSafeJsonLd(data: unknown) {
  const text = jsonLdScriptText(data);
  expect(text).not.toMatch(/<\/script/i);
  expect(text).not.toContain("<!--");
  expect(text).not.toContain("<script");
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(data)));
}

const textsOf = (node: XmlNode, name: string): string[] => [
  ...(node.name === name ? [node.text] : []),
  ...node.children.flatMap((c) => textsOf(c, name)),
];
const namesOf = (node: XmlNode): string[] => [node.name, ...node.children.flatMap(namesOf)];

const feed = async (handler: typeof sectionRss, section: string) =>
  (await handler(new Request("http://localhost/feed"), { params: Promise.resolve({ section }) })).text();

let editor: SessionUser;

beforeAll(async () => {
  const u = await createUser({ email: "xss-editor@example.com", name: "Editor", role: "editor", passwordHash: "x" });
  editor = { id: u.id, email: u.email, name: u.name, role: u.role };
});

let ip = 0;
beforeEach(async () => {
  vi.stubEnv("AUTH_SECRET", "xss-corpus-secret");
  vi.stubEnv("TRUST_PROXY", "1");
  request.cookies.clear();
  // A fresh client each post, so the flood rule does not refuse the corpus.
  request.headers = new Headers({ "x-newsroom-client-ip": `203.0.113.${++ip % 250}`, "user-agent": "Corpus" });
});

// Seventy payloads through real actions and renders: a few seconds alone, more on a busy machine.
const CORPUS_TIMEOUT_MS = 60_000;

describe("the XSS corpus", () => {
  it("has at least 50 distinct payloads", () => {
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
  });

  it("the checks catch what they look for (so a pass means something)", () => {
    for (const bad of [
      `<img src=x onerror=alert(1)>`,
      `<a href=" JaVaScript:alert(1)">x</a>`,
      `<script>alert(1)</script>`,
      `<iframe srcdoc="x"></iframe>`,
      `<div style="width:expression(1)">`,
    ])
      expect(() => expectInert(bad, "self-test")).toThrow();
    expect(() => expectInert(`<p title="onerror=x">&lt;script&gt;</p>`, "self-test")).not.toThrow();
    expect(() => expectSafeJsonLd({ s: "</script>" })).not.toThrow();
    expect(JSON.stringify({ s: "</script>" })).toContain("</script");
  });

  it(
    "comment text and author name are stored as typed and render as text",
    async () => {
      await saveSettings({
        ...(await getSettingsUncached()),
        commentModerationWords: [],
        commentDisallowedWords: [],
        commentMaxLinks: 100,
        commentCloseAfterDays: 0,
      });
      const article = await makeArticle();
      const rows: PublicComment[] = [];
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        request.headers = new Headers({ "x-newsroom-client-ip": `198.18.${Math.floor(i / 250)}.${i % 250}` });
        const fd = new FormData();
        fd.set("articleId", String(article.id));
        fd.set("comment", payload);
        fd.set("author", payload);
        fd.set("email", `xss${i}@example.org`);
        fd.set("url", "");
        let redirect = "";
        try {
          const state = await postCommentAction({ status: "idle" }, fd);
          throw new Error(`payload ${i} refused: ${JSON.stringify(state)}`);
        } catch (e) {
          redirect = (e as { url?: string }).url ?? "";
          if (!redirect) throw e;
        }
        const [stored] = await db
          .select()
          .from(comments)
          .where(eq(comments.authorEmail, `xss${i}@example.org`));
        expect(stored.body, `payload ${i}`).toBe(payload.trim());
        expect(stored.authorName, `payload ${i}`).toBe(payload.trim());
        rows.push({ ...stored, byStaff: false } as PublicComment);
      }
      const html = renderToStaticMarkup(
        createElement(CommentList, {
          comments: buildCommentTree(rows),
          timeZone: "Europe/Istanbul",
          reply: { pagePath: `/articles/${article.slug}`, threadDepth: 5 },
        }),
      );
      expectInert(html, "comment list");
      // The typed text is what a reader sees, character for character.
      const shown = elementsOf(html)
        .map((e) => e.text)
        .join("\n");
      for (const payload of XSS_PAYLOADS) expect(shown).toContain(payload.trim().split("\n")[0]);
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    "a payload in the website field is refused or stored as a plain http(s) link",
    async () => {
      const article = await makeArticle();
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        const email = `xss-url${i}@example.org`;
        const fd = new FormData();
        for (const [k, v] of Object.entries({ articleId: String(article.id), comment: `url ${i}`, author: "R", email }))
          fd.set(k, v);
        fd.set("url", payload);
        try {
          const state = await postCommentAction({ status: "idle" }, fd);
          expect(state.status, `payload ${i}`).toBe("error");
          expect(await db.select().from(comments).where(eq(comments.authorEmail, email))).toEqual([]);
        } catch (e) {
          if (!(e as { url?: string }).url) throw e;
          const [stored] = await db.select().from(comments).where(eq(comments.authorEmail, email));
          expect(stored.authorUrl, `payload ${i}`).toMatch(/^https?:\/\/[^\s<>"']+$/);
          const html = renderToStaticMarkup(
            createElement(CommentList, {
              comments: buildCommentTree([{ ...stored, byStaff: false } as PublicComment]),
              timeZone: "UTC",
              reply: null,
            }),
          );
          expectInert(html, `url ${i}`);
        }
      }
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    "article fields are stored as typed and come out as text in the page, JSON-LD, feeds and search",
    async () => {
      signInAs(editor);
      const typedTags = new Set<string>();
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        const section = await makeSection();
        const word = `corpusword${i}x`;
        const made = await makeArticle({
          sectionId: section.id,
          featureImagePath: "/uploads/corpus.jpg",
          featureImageAlt: "x",
        });
        const fd = new FormData();
        const values: Record<string, string> = {
          id: String(made.id),
          baseVersion: String(made.version),
          headline: payload,
          slug: made.slug,
          dek: payload,
          dateline: "",
          body: `${word} ${payload}\n\n${payload}`,
          sectionId: String(section.id),
          tags: payload,
          status: "published",
          publishedAt: "",
          commentsOpen: "on",
          correction: "",
          featureImageAlt: payload,
          featureImageCaption: payload,
          featureImageCredit: payload,
        };
        for (const [k, v] of Object.entries(values)) fd.set(k, v);
        const state = await saveArticleAction(idleState, fd);
        expect(state.status, `payload ${i}: ${JSON.stringify(state)}`).toBe("ok");

        const [stored] = await db.select().from(articles).where(eq(articles.id, made.id));
        const typed = payload.trim();
        expect(stored, `payload ${i}`).toMatchObject({
          headline: typed,
          dek: typed,
          featureImageAlt: typed,
          featureImageCaption: typed,
          featureImageCredit: typed,
        });
        expect(stored.body).toBe(values.body);
        const edit = (await getArticleForEdit(made.id))!;
        // A tag is found by its slug, so a name typed earlier with the same slug is the one kept.
        for (const name of parseTagNames(payload)) typedTags.add(name);
        expect(edit.tagNames.length, `payload ${i}`).toBeGreaterThan(0);
        for (const name of edit.tagNames) expect(typedTags, `payload ${i}`).toContain(name);

        // The rendered body and the whole article page.
        expectInert(renderMarkdown(stored.body), `body ${i}`);
        const article = (await getArticleBySlug(stored.slug))!;
        const page = renderToStaticMarkup(
          createElement(ArticleView, {
            article,
            comments: [],
            commentCount: 0,
            siteTitle: "The Meridian Post",
            timeZone: "Europe/Istanbul",
            imageSize: null,
          }),
        );
        expectInert(page, `article page ${i}`);
        expect(elementsOf(page).find((e) => e.name === "h1")?.text, `payload ${i}`).toBe(typed);
        expectSafeJsonLd(newsArticleJsonLd(article, { siteTitle: payload, timeZone: "UTC", imageSize: null }));

        // Feeds: well-formed, the payload is text, no element of its making.
        for (const handler of [sectionRss, sectionAtom]) {
          const xml = parseXml(await feed(handler, section.slug));
          expect(textsOf(xml, "title"), `payload ${i}`).toContain(typed);
          expect(namesOf(xml).filter((n) => /^(script|img|svg|iframe|a|body|style)$/i.test(n))).toEqual([]);
          for (const html of [...textsOf(xml, "content:encoded"), ...textsOf(xml, "content")])
            expectInert(html, `feed content ${i}`);
        }

        // Search: only <mark> is markup in what a reader sees.
        const hits = (await searchArticles(word, 1))!;
        expect(hits.items.map((h) => h.id)).toEqual([made.id]);
        const snippet = renderToStaticMarkup(
          createElement(
            Fragment,
            null,
            createElement(HighlightedText, { pieces: hits.items[0].highlightedHeadline }),
            createElement(HighlightedText, { pieces: hits.items[0].snippet }),
          ),
        );
        expect(
          elementsOf(snippet)
            .map((e) => e.name)
            .filter((n) => n !== "mark" && n !== "span"),
        ).toEqual([]);
      }
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    "an author bio and the site title are stored as typed and stay text in JSON-LD and the feeds",
    async () => {
      const user = await createUser({ email: "xss-bio@example.com", name: "Bio", role: "author", passwordHash: "x" });
      const before = await getSettingsUncached();
      const section = await makeSection();
      await makeArticle({ sectionId: section.id });
      try {
        for (const [i, payload] of XSS_PAYLOADS.entries()) {
          await saveAuthorProfile(user.id, { name: "Bio", bio: payload });
          expect((await getAuthorForUser(user.id))?.bio, `payload ${i}`).toBe(payload);
          await saveSettings({ ...before, siteTitle: payload, tagline: payload });
          expect((await getSettingsUncached()).siteTitle).toBe(payload);
          expectSafeJsonLd(homeJsonLd(payload, payload));
          for (const xml of [await feed(sectionRss, section.slug), await feed(siteRss as typeof sectionRss, "")]) {
            const tree = parseXml(xml);
            expect(textsOf(tree, "title").some((t) => t.includes(payload))).toBe(true);
            expect(namesOf(tree).filter((n) => /^(script|img|svg|iframe|a|body|style)$/i.test(n))).toEqual([]);
          }
        }
      } finally {
        await saveSettings(before);
      }
    },
    CORPUS_TIMEOUT_MS,
  );
});
