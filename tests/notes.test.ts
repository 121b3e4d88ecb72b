import { describe, expect, it, vi } from "vitest";
import { GET as siteRss } from "@/app/feed.xml/route";
import { GET as siteAtom } from "@/app/atom.xml/route";
import { GET as sectionRss } from "@/app/(site)/[section]/feed.xml/route";
import { GET as sitemapIndex } from "@/app/sitemap.xml/route";
import { GET as sitemapFile } from "@/app/sitemaps/[file]/route";
import { GET as newsSitemap } from "@/app/news-sitemap.xml/route";
import { idleState, NOT_ALLOWED } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleBySlug, listFeedArticles, listLatestArticles } from "@/lib/data/articles";
import { listArticleNotes, listUnreadMentions, markMentionsRead } from "@/lib/data/notes";
import { searchArticles } from "@/lib/data/search";
import { createUser } from "@/lib/data/users";
import { newsArticleJsonLd } from "@/lib/metadata/json-ld";
import { parseMentions } from "@/lib/notes/rules";
import { makeArticle, makeSection } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const { addArticleNoteAction } = await import("@/lib/actions/notes");

const mk = async (email: string, role: SessionUser["role"]) => {
  const u = await createUser({ email, name: `${role} ${email}`, role, passwordHash: "x" });
  return { id: u.id, email: u.email, name: u.name, role: u.role } satisfies SessionUser;
};

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

describe("mentions", () => {
  it("are @ and an email's first part, not an email address", () => {
    expect(parseMentions("@Elif please check, cc @jon.berg. Mail ada@example.com")).toEqual(["elif", "jon.berg"]);
    expect(parseMentions("(@ayla) and @ayla again")).toEqual(["ayla"]);
  });
});

describe("editorial notes", () => {
  it("a note mentioning colleagues shows under For you until they open the story", async () => {
    const writer = await mk("notes-writer@example.com", "contributor");
    const editor = await mk("notes-desk@example.com", "editor");
    const stranger = await mk("notes-other@example.com", "contributor");
    const story = await makeArticle({ createdById: writer.id, status: "draft", publishedAt: null });
    signInAs(writer);
    const result = await addArticleNoteAction(
      idleState,
      form({ articleId: String(story.id), body: "Can @notes-desk check the quote? cc @notes-other @nobody" }),
    );
    expect(result).toMatchObject({ status: "ok", message: "Note added; 1 colleague notified." });
    expect(invalidated).toEqual([]);
    expect((await listArticleNotes(story.id)).map((n) => n.userName)).toEqual([writer.name]);
    // The contributor mentioned cannot open someone else's story, so is not told about it.
    expect(await listUnreadMentions(stranger.id)).toEqual([]);
    expect((await listUnreadMentions(editor.id)).map((m) => [m.articleId, m.by])).toEqual([[story.id, writer.name]]);
    await markMentionsRead(editor.id, story.id);
    expect(await listUnreadMentions(editor.id)).toEqual([]);
  });

  it("only those who may open the story read or write its notes", async () => {
    const owner = await mk("notes-owner@example.com", "author");
    const other = await mk("notes-outsider@example.com", "contributor");
    const story = await makeArticle({ createdById: owner.id });
    signInAs(other);
    const refused = await addArticleNoteAction(idleState, form({ articleId: String(story.id), body: "Sneaky" }));
    expect(refused).toMatchObject({ status: "error", message: NOT_ALLOWED });
    signInAs(null);
    expect((await addArticleNoteAction(idleState, form({ articleId: String(story.id), body: "x" }))).status).toBe(
      "error",
    );
    signInAs(owner);
    const empty = await addArticleNoteAction(idleState, form({ articleId: String(story.id), body: "  " }));
    expect(empty.fieldErrors?.body).toEqual(["Write a note."]);
    expect(await listArticleNotes(story.id)).toEqual([]);
  });

  it("a note's text appears in no reader output: pages' data, feeds, sitemaps, search, JSON-LD", async () => {
    const secret = "zqxnotetoken";
    const editor = await mk("notes-leak@example.com", "editor");
    const section = await makeSection({ name: "Leak Desk" });
    const story = await makeArticle({ sectionId: section.id, headline: "Harbour report", body: "Ships came in." });
    signInAs(editor);
    const added = await addArticleNoteAction(
      idleState,
      form({ articleId: String(story.id), body: `Internal: ${secret} source is anonymous` }),
    );
    expect(added.status).toBe("ok");

    const article = await getArticleBySlug(story.slug);
    expect(article).not.toBeNull();
    const outputs: [string, string][] = [
      ["article", JSON.stringify(article)],
      ["latest", JSON.stringify(await listLatestArticles(20))],
      ["feed articles", JSON.stringify(await listFeedArticles({ kind: "site" }, 50))],
      [
        "JSON-LD",
        JSON.stringify(newsArticleJsonLd(article!, { siteTitle: "The Meridian Post", timeZone: "Europe/Istanbul" })),
      ],
      ["search by note text", JSON.stringify(await searchArticles(secret, 1))],
      ["search by headline", JSON.stringify(await searchArticles("Harbour report", 1))],
      ["rss", await (await siteRss(new Request("http://localhost/feed.xml"), { params: Promise.resolve({}) })).text()],
      [
        "atom",
        await (await siteAtom(new Request("http://localhost/atom.xml"), { params: Promise.resolve({}) })).text(),
      ],
      [
        "section rss",
        await (
          await sectionRss(new Request("http://localhost/x/feed.xml"), {
            params: Promise.resolve({ section: section.slug }),
          })
        ).text(),
      ],
      ["sitemap index", await (await sitemapIndex()).text()],
      [
        "articles sitemap",
        await (
          await sitemapFile(new Request("http://localhost/s"), { params: Promise.resolve({ file: "articles-1.xml" }) })
        ).text(),
      ],
      ["news sitemap", await (await newsSitemap()).text()],
    ];
    // The outputs really carry the story, so their silence about the note means something.
    expect(outputs.find(([name]) => name === "rss")?.[1]).toContain(story.slug);
    expect(outputs.find(([name]) => name === "search by headline")?.[1]).toContain(story.slug);
    for (const [name, text] of outputs) expect(text, name).not.toContain(secret);
  });
});
