import { expect, it, vi } from "vitest";

// The search rules, run by tests/search.test.ts on each engine (vitest.config.ts). Each test writes
// its own made-up words, so tests share no results.

const HOUR = 3_600_000;
let counter = 0;
/** A word no other test uses, letters only (stemmers leave it alone): the base-26 digits become a to z. */
const word = () =>
  `qz${(Date.now() + ++counter).toString(26).replace(/./g, (digit) => String.fromCharCode(97 + parseInt(digit, 26)))}x`;

const load = async () => ({
  ...(await import("@/lib/data/search")),
  ...(await import("./factories")),
  admin: await import("@/lib/data/admin-articles"),
  users: await import("@/lib/data/users"),
  index: await import("@/db/search-index"),
});

const marked = (pieces: { text: string; mark: boolean }[]) => pieces.filter((p) => p.mark).map((p) => p.text);

export function searchCases() {
  it("matches plurals to singulars and every word in any order", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const istanbul = await makeArticle({ headline: `Talks ${w} resume in Istanbul`, body: "The ceasefire holds." });
    await makeArticle({ headline: `Talks ${w} resume in Paris`, body: "The ceasefire holds." });
    const found = await searchArticles(`ceasefires ${w} istanbul`, 1);
    expect(found?.items.map((a) => a.id)).toEqual([istanbul.id]);
    expect((await searchArticles(`istanbul ceasefire ${w}`, 1))?.total).toBe(1);
    expect((await searchArticles(`${w} ceasefire berlin`, 1))?.total).toBe(0);
  });

  it("folds accents both ways and marks the word as written", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const palace = await makeArticle({
      headline: `Delegations ${w} meet`,
      body: "They met at Dolmabahçe Palace on the Bosphorus.",
    });
    for (const q of [`dolmabahce ${w}`, `Dolmabahçe ${w}`, `DOLMABAHCE ${w}`]) {
      const found = await searchArticles(q, 1);
      expect(found?.items.map((a) => a.id)).toEqual([palace.id]);
      expect(marked(found!.items[0].snippet)).toContain("Dolmabahçe");
    }
  });

  it("finds every word the query splits out: a number after a hyphen, the parts of a decimal and a host", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const story = await makeArticle({
      headline: `Route-12 ${w} reopens`,
      body: "Fares rise 3.5 percent, says ferries.example.org.",
    });
    for (const q of [`${w} 12`, `route 12 ${w}`, `${w} 5`, `${w} example org`]) {
      expect(
        (await searchArticles(q, 1))?.items.map((a) => a.id),
        q,
      ).toEqual([story.id]);
    }
  });

  it("searches the body as text, not Markdown: link targets and syntax are not words", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    await makeArticle({
      headline: `Report ${w}`,
      body: `Read **the full** [report](https://example.org/zebrafish${w}).`,
    });
    expect((await searchArticles(`zebrafish${w}`, 1))?.total).toBe(0);
    const found = await searchArticles(`${w} report full`, 1);
    expect(found?.total).toBe(1);
    expect(found!.items[0].snippet.map((p) => p.text).join("")).toBe("Read the full report.");
  });

  it("finds stories by tag, section and byline names", async () => {
    const { searchArticles, makeArticle, makeAuthor, makeSection, makeTag } = await load();
    const w = word();
    const tag = await makeTag({ name: `Tag${w}` });
    const section = await makeSection({ name: `Desk${w}` });
    const author = await makeAuthor({ name: `Writer${w}` });
    const story = await makeArticle({ sectionId: section.id }, { tagIds: [tag.id], authorIds: [author.id] });
    for (const q of [`tag${w}`, `desk${w}`, `writer${w}`])
      expect((await searchArticles(q, 1))?.items.map((a) => a.id)).toEqual([story.id]);
  });

  it("ranks a headline match above a dek match above a body match, then the newer story first", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const now = Date.now();
    const inBody = await makeArticle({ body: `A line about ${w} here.`, publishedAt: now - HOUR });
    const inDek = await makeArticle({ dek: `A line about ${w} here.`, publishedAt: now - 2 * HOUR });
    const inHeadline = await makeArticle({ headline: `About ${w}`, publishedAt: now - 3 * HOUR });
    const olderTwin = await makeArticle({ headline: `Twin ${w}`, body: "Same.", publishedAt: now - 5 * HOUR });
    const newerTwin = await makeArticle({ headline: `Twin ${w}`, body: "Same.", publishedAt: now - 4 * HOUR });
    const order = (await searchArticles(w, 1))!.items.map((a) => a.id);
    expect(order.indexOf(inHeadline.id)).toBeLessThan(order.indexOf(inDek.id));
    expect(order.indexOf(inDek.id)).toBeLessThan(order.indexOf(inBody.id));
    expect(order.indexOf(newerTwin.id)).toBeLessThan(order.indexOf(olderTwin.id));
    expect(order.indexOf(olderTwin.id)).toBeLessThan(order.indexOf(inDek.id));
  });

  it("shows readers only what they may see: no drafts, trash or future schedules; a schedule that falls due appears", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const now = Date.now();
    const visible = await makeArticle({ headline: `Visible ${w}` });
    await makeArticle({ headline: `Draft ${w}`, status: "draft", publishedAt: null });
    await makeArticle({ headline: `Trashed ${w}`, trashedAt: now });
    const scheduled = await makeArticle({ headline: `Scheduled ${w}`, status: "scheduled", publishedAt: now + HOUR });
    expect((await searchArticles(w, 1))?.items.map((a) => a.id)).toEqual([visible.id]);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(now + HOUR + 1000);
      expect((await searchArticles(w, 1))?.items.map((a) => a.id).sort()).toEqual([visible.id, scheduled.id].sort());
    } finally {
      vi.useRealTimers();
    }
  });

  it("stays in step with edits, unpublishing, trash, restore, deletion and byline renames", async () => {
    const { searchArticles, admin, users } = await load();
    const w = word();
    const user = await users.createUser({
      email: `${w}@example.org`,
      name: "Index Tester",
      role: "editor",
      passwordHash: "x",
    });
    const authorId = (await admin.authorIdForUser(user.id))!;
    const values = {
      ...{
        headline: `Old ${w} headline`,
        slug: `story-${w}`,
        dek: "",
        dateline: "",
        body: "Original words.",
        sectionId: null,
      },
      ...{ tagNames: [], authorIds: [authorId], featureImagePath: null, featureImageAlt: "", featureImageCaption: "" },
      ...{ featureImageCredit: "", correction: "", commentStatus: "open" as const, status: "published" as const },
      publishedAt: Date.now() - HOUR,
    };
    const saved = await admin.saveArticle(null, values, user.id);
    if (saved === "slug-taken" || saved === "conflict") throw new Error("the test's slug is its own");
    const { id } = saved;
    const ids = async (q: string) => (await searchArticles(q, 1))?.items.map((a) => a.id);
    expect(await ids(`${w} original`)).toEqual([id]);
    await admin.saveArticle(id, { ...values, body: "Rewritten sentences." }, user.id);
    expect(await ids(`${w} original`)).toEqual([]);
    expect(await ids(`${w} rewritten`)).toEqual([id]);
    await users.saveAuthorProfile(user.id, { name: `Renamed${w}`, bio: "" });
    expect(await ids(`renamed${w}`)).toEqual([id]);
    await admin.updateArticleState(id, { status: "draft" });
    expect(await ids(w)).toEqual([]);
    await admin.updateArticleState(id, { status: "published", publishedAt: Date.now() - HOUR });
    await admin.updateArticleState(id, { trashedAt: Date.now() });
    expect(await ids(w)).toEqual([]);
    await admin.updateArticleState(id, { trashedAt: null });
    expect(await ids(w)).toEqual([id]);
    await admin.deleteArticle(id);
    expect(await ids(w)).toEqual([]);
  });

  it("pages 20 at a time and refuses a page past the end", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const now = Date.now();
    for (let i = 0; i < 23; i++) await makeArticle({ headline: `Item ${w}`, publishedAt: now - (i + 1) * 1000 });
    const first = await searchArticles(w, 1);
    const second = await searchArticles(w, 2);
    expect(first).toMatchObject({ total: 23, page: 1, totalPages: 2 });
    expect(first?.items).toHaveLength(20);
    expect(second?.items).toHaveLength(3);
    expect(new Set([...first!.items, ...second!.items].map((a) => a.id)).size).toBe(23);
    expect(await searchArticles(w, 3)).toBeNull();
    expect(await searchArticles(w, 0)).toBeNull();
  });

  it("ranks a common word among its newest matches readers can see, says there are more, and pages only those", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const now = Date.now();
    // Made oldest first, so ids follow age; the oldest has the best headline match of all.
    const oldest = await makeArticle({ headline: `${w} ${w} ${w}`, publishedAt: now - 9 * HOUR });
    const older = await makeArticle({ body: `Ferries about ${w}.`, publishedAt: now - 8 * HOUR });
    const middle = await makeArticle({ body: `Trains about ${w}.`, publishedAt: now - 7 * HOUR });
    const newer = await makeArticle({ headline: `About ${w}`, publishedAt: now - 6 * HOUR });
    const newest = await makeArticle({ dek: `About ${w}.`, publishedAt: now - 5 * HOUR });
    // Matches readers cannot see take no place in the window.
    await makeArticle({ headline: `Draft ${w}`, status: "draft", publishedAt: null });
    await makeArticle({ headline: `Soon ${w}`, status: "scheduled", publishedAt: now + HOUR });

    const windowed = await searchArticles(w, 1, 3);
    expect(windowed).toMatchObject({ total: 3, more: true, totalPages: 1 });
    expect(windowed!.items.map((a) => a.id)).toEqual([newer.id, newest.id, middle.id]);
    expect(await searchArticles(w, 2, 3)).toBeNull();
    // A word in no more stories than the window ranks them all, the oldest best match first.
    const whole = await searchArticles(w, 1, 5);
    expect(whole).toMatchObject({ total: 5, more: false });
    expect(whole!.items.map((a) => a.id)).toEqual([oldest.id, newer.id, newest.id, middle.id, older.id]);
    // More words narrow the matches until the older story is in the window again.
    expect((await searchArticles(`${w} ferry`, 1, 3))?.items.map((a) => a.id)).toEqual([older.id]);
  });

  it("takes any input as text: syntax characters, operators, NUL, emoji and 1,000 characters never fail", async () => {
    const { searchArticles, makeArticle } = await load();
    const w = word();
    const story = await makeArticle({ headline: `Near ${w} and or not` });
    const hostile = [
      `"${w}`,
      `${w}"`,
      `"${w}" AND`,
      `${w}*`,
      `*`,
      `${w} AND`,
      `AND ${w}`,
      `${w} NEAR`,
      `NEAR(${w} and)`,
      `(${w}`,
      `${w})`,
      `-`,
      `- ${w}`,
      `-${w}`,
      `${w} -near`,
      `${w}\u0000near`,
      `\u0000`,
      `${w} 🤝 near`,
      `🤝`,
      `'; drop table articles; --`,
      `${w}:near`,
      `headline:${w}`,
      `{headline}: ${w}`,
      `^${w}`,
      `${w} OR zzz`,
      `${w} NOT near`,
      `%_\\`,
      `\u202e${w}`,
      `${w} `.repeat(200).slice(0, 1000),
      "x".repeat(1000),
      `${w}\ud800`,
      "   ",
      "",
    ];
    for (const q of hostile) {
      const result = await searchArticles(q, 1);
      expect(result, JSON.stringify(q)).not.toBeNull();
    }
    for (const q of [
      `"${w}" AND`,
      `${w} NEAR`,
      `NEAR(${w} and)`,
      `-${w}`,
      `${w}\u0000near`,
      `${w} 🤝 near`,
      `${w} OR not`,
    ])
      expect(
        (await searchArticles(q, 1))?.items.map((a) => a.id),
        q,
      ).toEqual([story.id]);
  });
}

export function newsroomSearchCases() {
  it("the newsroom finds headlines by every word, the last typed in part, whatever the status", async () => {
    const { makeArticle, admin } = await load();
    const w = word();
    const draft = await makeArticle({
      headline: `Prisoners ${w} exchanged at Dolmabahçe`,
      status: "draft",
      publishedAt: null,
    });
    await makeArticle({ headline: `Ferries ${w}`, body: `Prisoners exchanged at Dolmabahçe` });
    const ids = async (query: string) =>
      (await admin.listAdminArticles({ filter: "all", query, page: 1, ownerId: null })).items.map((r) => r.id);
    for (const q of [`${w} prisoner`, `${w} pris`, `dolmabahce ${w}`, `${w} exchanged "dolma`, `${w} PRISONERS*`])
      expect(await ids(q), q).toEqual([draft.id]);
    expect(await ids(`${w} ferr prisoners`)).toEqual([]);
    expect(await ids("%")).not.toContain(draft.id);
  });
}
