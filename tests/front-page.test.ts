import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { transaction } from "@/db";
import { breakingNews, frontPagePicks } from "@/db/schema";
import { idleState, NOT_ALLOWED } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { createScheduleSweep } from "@/lib/cache/schedule";
import {
  getBreakingBannerUncached,
  getFrontPage,
  listCurationExpiring,
  listFrontPagePicks,
  pinArticle,
} from "@/lib/data/front-page";
import { getSettingsUncached } from "@/lib/data/settings";
import { createUser } from "@/lib/data/users";
import { toZonedInputValue } from "@/lib/format/dates";
import { makeArticle } from "./support/factories";
import { invalidated, refreshed } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const { pinArticleAction, moveTopStoryAction, removePickAction, setBreakingBannerAction, clearBreakingBannerAction } =
  await import("@/lib/actions/front-page");

let editor: SessionUser;
let author: SessionUser;

beforeAll(async () => {
  const mk = async (email: string, role: SessionUser["role"]) => {
    const u = await createUser({ email, name: email, role, passwordHash: "x" });
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  editor = await mk("front-ed@example.com", "editor");
  author = await mk("front-au@example.com", "author");
});

beforeEach(async () => {
  invalidated.length = 0;
  refreshed.count = 0;
  await transaction(async (tx) => {
    await tx.delete(frontPagePicks);
    await tx.delete(breakingNews);
  });
});

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

const headlines = async () => {
  const page = await getFrontPage();
  return { lead: page.lead?.headline ?? null, top: page.top.map((a) => a.headline) };
};

describe("the curated front page", () => {
  it("an editor pins a lead and orders Top stories; each change drops the front page's tag", async () => {
    const [a, b, c] = await Promise.all(["A", "B", "C"].map((h) => makeArticle({ headline: `Pick ${h}` })));
    signInAs(editor);
    expect(await pinArticleAction(idleState, form({ articleId: String(a.id), slot: "lead" }))).toMatchObject({
      status: "ok",
    });
    expect(invalidated).toEqual(["front-page"]);
    for (const s of [b, c]) await pinArticleAction(idleState, form({ articleId: String(s.id), slot: "top" }));
    expect(await headlines()).toEqual({ lead: "Pick A", top: ["Pick B", "Pick C"] });

    await moveTopStoryAction(idleState, form({ articleId: String(c.id), direction: "up" }));
    expect((await headlines()).top).toEqual(["Pick C", "Pick B"]);
    const stuck = await moveTopStoryAction(idleState, form({ articleId: String(c.id), direction: "up" }));
    expect(stuck.status).toBe("error");
    await moveTopStoryAction(idleState, form({ articleId: String(c.id), direction: "down" }));
    expect((await headlines()).top).toEqual(["Pick B", "Pick C"]);

    // Pinning the lead story again elsewhere moves it; removing takes it off.
    await pinArticleAction(idleState, form({ articleId: String(a.id), slot: "top" }));
    expect(await headlines()).toEqual({ lead: null, top: ["Pick B", "Pick C", "Pick A"] });
    await removePickAction(idleState, form({ articleId: String(b.id) }));
    expect((await headlines()).top).toEqual(["Pick C", "Pick A"]);
    expect(refreshed.count).toBe(7);
  });

  it("holds at most six Top stories", async () => {
    signInAs(editor);
    const stories = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => makeArticle({ headline: `Top ${n}` })));
    for (const s of stories.slice(0, 6))
      expect((await pinArticleAction(idleState, form({ articleId: String(s.id), slot: "top" }))).status).toBe("ok");
    const seventh = await pinArticleAction(idleState, form({ articleId: String(stories[6].id), slot: "top" }));
    expect(seventh).toMatchObject({ status: "error", message: "There are already 6 Top stories; remove one first." });
    expect((await listFrontPagePicks()).length).toBe(6);
  });

  it("a crafted request cannot pin a draft, a story in review, a trashed or a future story", async () => {
    signInAs(editor);
    const hidden = await Promise.all([
      makeArticle({ status: "draft", publishedAt: null }),
      makeArticle({ status: "pending", publishedAt: null }),
      makeArticle({ trashedAt: Date.now() }),
      makeArticle({ status: "scheduled", publishedAt: Date.now() + 3_600_000 }),
    ]);
    for (const story of hidden) {
      const result = await pinArticleAction(idleState, form({ articleId: String(story.id), slot: "lead" }));
      expect(result).toMatchObject({ status: "error", message: "Only a published story can go on the front page." });
    }
    expect(await listFrontPagePicks()).toEqual([]);
    expect(invalidated).toEqual([]);
  });

  it("below editor, nobody curates", async () => {
    const story = await makeArticle();
    signInAs(author);
    for (const [action, values] of [
      [pinArticleAction, { articleId: String(story.id), slot: "lead" }],
      [setBreakingBannerAction, { text: "Hacked", url: "" }],
      [clearBreakingBannerAction, {}],
    ] as const) {
      expect(await action(idleState, form(values))).toMatchObject({ status: "error", message: NOT_ALLOWED });
    }
    expect(await listFrontPagePicks()).toEqual([]);
  });

  it("an expired pick leaves the front page, and the sweep drops the pages rendered before it saw the expiry", async () => {
    const story = await makeArticle({ headline: "Short-lived lead" });
    const now = Date.now();
    await pinArticle(story.id, "lead", now + 1_000, now);
    expect((await getFrontPage()).lead?.headline).toBe("Short-lived lead");
    expect(await listCurationExpiring(now, now + 500)).toEqual([]);
    expect(await listCurationExpiring(now, now + 2_000)).toEqual([{ tags: ["front-page"], at: now + 1_000 }]);
    expect(await listFrontPagePicks(now + 1_001)).toEqual([]);

    const published: { tags: string[]; at: number }[] = [];
    const tick = createScheduleSweep(
      { comingDue: async () => [], importsEnded: async () => [], expiring: listCurationExpiring },
      (m) => published.push(m),
      now,
    );
    await tick(now + 2_000);
    // The tick's moment, not the expiry's: a page rendered in between read the pick from the cache.
    expect(published).toEqual([{ tags: ["front-page"], at: now + 2_000 }]);
  });

  it("the Breaking banner is raised, refuses javascript: links, expires and is cleared", async () => {
    signInAs(editor);
    const { timezone } = await getSettingsUncached();
    for (const url of ["javascript:alert(1)", "//evil.example", "data:text/html,x", "/\\evil.example"]) {
      const refused = await setBreakingBannerAction(idleState, form({ text: "Quake", url }));
      expect(refused.fieldErrors?.url, url).toBeDefined();
    }
    const past = await setBreakingBannerAction(
      idleState,
      form({ text: "Quake", url: "", expiresAt: toZonedInputValue(Date.now() - 120_000, timezone) }),
    );
    expect(past.fieldErrors?.expiresAt).toBeDefined();
    expect(await getBreakingBannerUncached()).toBeNull();

    const raised = await setBreakingBannerAction(
      idleState,
      form({ text: "Earthquake hits the coast", url: "/articles/quake" }),
    );
    expect(raised.status).toBe("ok");
    expect(invalidated).toEqual(["breaking"]);
    expect(await getBreakingBannerUncached()).toEqual({
      text: "Earthquake hits the coast",
      url: "/articles/quake",
      expiresAt: null,
    });
    expect((await clearBreakingBannerAction(idleState, form({}))).status).toBe("ok");
    expect(await getBreakingBannerUncached()).toBeNull();

    const expiring = Date.now() + 3 * 60_000;
    await setBreakingBannerAction(
      idleState,
      form({
        text: "Storm warning",
        url: "https://example.org/storm",
        expiresAt: toZonedInputValue(expiring, timezone),
      }),
    );
    const banner = await getBreakingBannerUncached();
    expect(banner?.text).toBe("Storm warning");
    expect(await getBreakingBannerUncached((banner?.expiresAt ?? 0) + 1)).toBeNull();
    expect(await listCurationExpiring(Date.now(), expiring + 60_000)).toEqual([
      { tags: ["breaking"], at: banner?.expiresAt },
    ]);
  });
});
