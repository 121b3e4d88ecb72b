import { describe, expect, it } from "vitest";
import {
  ARTICLE_MESSAGES,
  bylineFor,
  decideArticleSave,
  decidePublishedAt,
  draftPublishedAt,
  imageAltErrors,
  referenceErrors,
  savedMessage,
} from "@/lib/articles/rules";
import { NOT_ALLOWED } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import type { ArticleSaveFacts, EditableArticle } from "@/lib/data/admin-articles";
import type { ArticleForm } from "@/lib/validation/article";

// Europe/Istanbul is UTC+3 all year, so "2026-05-20T15:00" there is 12:00 UTC.
const TZ = "Europe/Istanbul";
const now = Date.UTC(2026, 4, 20, 12, 0, 30);
const HOUR = 3_600_000;

const editor: SessionUser = { id: 1, email: "ed@example.com", name: "Ed", role: "editor" };
const author: SessionUser = { id: 2, email: "au@example.com", name: "Au", role: "author" };
const contributor: SessionUser = { id: 3, email: "co@example.com", name: "Co", role: "contributor" };

function stored(values: Partial<EditableArticle> = {}): EditableArticle {
  return {
    id: 10,
    version: 3,
    headline: "Stored",
    slug: "stored",
    dek: "",
    dateline: "",
    body: "",
    sectionId: null,
    tagNames: [],
    authorIds: [40],
    featureImagePath: null,
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
    correction: "",
    commentStatus: "open",
    status: "draft",
    publishedAt: null,
    updatedAt: now - HOUR,
    createdAt: now - 2 * HOUR,
    trashedAt: null,
    ownership: { createdById: author.id, bylineUserIds: [], status: values.status ?? "draft" },
    ...values,
  };
}

function formOf(values: Partial<ArticleForm> = {}): ArticleForm {
  return {
    id: 10,
    headline: "New headline",
    slug: "stored",
    dek: "",
    dateline: "",
    body: "Body",
    sectionId: null,
    tags: "Energy, energy , Climate",
    authorIds: [41],
    status: "draft",
    publishedAt: "",
    commentStatus: "open",
    correction: "",
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
    removeImage: false,
    baseVersion: 3,
    ...values,
  };
}

function factsOf(values: Partial<ArticleSaveFacts> = {}) {
  return {
    current: stored(),
    ownAuthorId: 42,
    unknown: { section: false, authors: false },
    slug: "stored",
    slugTaken: false,
    timezone: TZ,
    now,
    ...values,
  };
}

describe("publication time", () => {
  const time = (status: ArticleForm["status"], entered: string, current: EditableArticle | null) =>
    decidePublishedAt(status, entered, current, TZ, now);

  it("schedules at the entered time, which must be valid and ahead", () => {
    expect(time("scheduled", "2026-05-20T16:00", null)).toEqual({ ok: true, publishedAt: now - 30_000 + HOUR });
    expect(time("scheduled", "2026-05-20T15:00", null)).toEqual({ ok: false, error: ARTICLE_MESSAGES.pastSchedule });
    expect(time("scheduled", "20 May", null)).toEqual({ ok: false, error: ARTICLE_MESSAGES.invalidTime });
  });

  it("publishes a new or scheduled story now, even when a future time is entered", () => {
    expect(time("published", "", null)).toEqual({ ok: true, publishedAt: now });
    expect(time("published", "2027-01-01T00:00", null)).toEqual({ ok: true, publishedAt: now });
    const scheduled = stored({ status: "scheduled", publishedAt: now + HOUR });
    expect(time("published", "", scheduled)).toEqual({ ok: true, publishedAt: now });
  });

  it("backdates to a past time entered, and refuses one that is not a time", () => {
    expect(time("published", "2025-03-01T12:00", null)).toEqual({ ok: true, publishedAt: Date.UTC(2025, 2, 1, 9) });
    expect(time("published", "yesterday", null)).toEqual({ ok: false, error: ARTICLE_MESSAGES.invalidTime });
  });

  it("keeps a live story's exact first publication time when the field is left as shown", () => {
    const exact = now - 2 * HOUR - 12_345;
    const live = stored({ status: "published", publishedAt: exact });
    // The field shows minutes only; left alone it must not round the stored time.
    expect(time("published", "2026-05-20T13:00", live)).toEqual({ ok: true, publishedAt: exact });
    expect(time("published", "", live)).toEqual({ ok: true, publishedAt: exact });
  });

  it("back to draft: a scheduled story loses its time, a published one keeps it", () => {
    expect(time("draft", "", stored({ status: "scheduled", publishedAt: now + HOUR }))).toEqual({
      ok: true,
      publishedAt: null,
    });
    expect(draftPublishedAt(stored({ status: "published", publishedAt: now - HOUR }))).toBe(now - HOUR);
    expect(draftPublishedAt(null)).toBeNull();
  });
});

describe("bylines", () => {
  it("are the editor's choice", () => {
    expect(bylineFor(editor, [41, 40], stored(), 42)).toEqual([41, 40]);
  });
  it("below editor: an edit keeps the stored byline, a new story carries the writer's own (or none)", () => {
    expect(bylineFor(author, [41], stored(), 42)).toEqual([40]);
    expect(bylineFor(contributor, [41], null, 42)).toEqual([42]);
    expect(bylineFor(contributor, [41], null, null)).toEqual([]);
  });
});

describe("references and the image", () => {
  it("reports a section or chosen author that no longer exists", () => {
    expect(referenceErrors({ section: true, authors: true }, true)).toEqual({
      sectionId: [ARTICLE_MESSAGES.unknownSection],
      authorIds: [ARTICLE_MESSAGES.unknownAuthor],
    });
    // A kept byline comes from the database; what the form sent is ignored.
    expect(referenceErrors({ section: false, authors: true }, false)).toBeNull();
  });
  it("wants alt text for any feature image", () => {
    expect(imageAltErrors(true, "")).toEqual({ featureImageAlt: [ARTICLE_MESSAGES.altMissing] });
    expect(imageAltErrors(true, "A red square")).toBeNull();
    expect(imageAltErrors(false, "")).toBeNull();
  });
});

describe("decideArticleSave", () => {
  const refusal = (form: ArticleForm, user: SessionUser, facts = factsOf()) => {
    const decision = decideArticleSave(form, user, facts);
    return decision.ok ? null : decision.refusal;
  };

  it("refuses a story that is gone, not the user's, or in the trash, before anything else", () => {
    expect(refusal(formOf(), author, factsOf({ current: null }))).toEqual({
      kind: "forbidden",
      message: "That article no longer exists.",
    });
    const others = stored({ ownership: { createdById: 99, bylineUserIds: [], status: "draft" } });
    expect(refusal(formOf(), author, factsOf({ current: others, slugTaken: true }))).toEqual({
      kind: "forbidden",
      message: NOT_ALLOWED,
    });
    expect(refusal(formOf(), editor, factsOf({ current: stored({ trashedAt: now }) }))).toEqual({
      kind: "forbidden",
      message: ARTICLE_MESSAGES.inTrash,
    });
  });

  it("lets a contributor save drafts only, saying so on the status field", () => {
    const own = stored({ ownership: { createdById: contributor.id, bylineUserIds: [], status: "draft" } });
    expect(refusal(formOf({ status: "published" }), contributor, factsOf({ current: own }))).toEqual({
      kind: "fields",
      message: ARTICLE_MESSAGES.draftsOnly,
      fieldErrors: { status: [ARTICLE_MESSAGES.cannotPublish] },
    });
    expect(refusal(formOf(), contributor, factsOf({ current: own }))).toBeNull();
  });

  it("checks references, then the slug, then the time", () => {
    const all = factsOf({ unknown: { section: true, authors: false }, slugTaken: true });
    const scheduledInPast = formOf({ status: "scheduled", publishedAt: "2020-01-01T00:00" });
    expect(refusal(scheduledInPast, editor, all)).toMatchObject({ fieldErrors: { sectionId: expect.any(Array) } });
    expect(refusal(scheduledInPast, editor, { ...all, unknown: { section: false, authors: false } })).toEqual({
      kind: "fields",
      fieldErrors: { slug: [ARTICLE_MESSAGES.slugTaken] },
    });
    expect(refusal(scheduledInPast, editor, factsOf())).toEqual({
      kind: "fields",
      fieldErrors: { publishedAt: [ARTICLE_MESSAGES.pastSchedule] },
    });
  });

  it("writes the form with the decided byline, slug, tags, kept image and time", () => {
    const current = stored({ featureImagePath: "/uploads/a.png" });
    const decision = decideArticleSave(
      formOf({ status: "published" }),
      author,
      factsOf({ current, slug: "free-slug" }),
    );
    expect(decision).toMatchObject({
      ok: true,
      write: {
        headline: "New headline",
        slug: "free-slug",
        tagNames: ["Energy", "Climate"],
        authorIds: [40],
        featureImagePath: "/uploads/a.png",
        status: "published",
        publishedAt: now,
      },
    });
    const removed = decideArticleSave(formOf({ removeImage: true }), editor, factsOf({ current }));
    expect(removed).toMatchObject({ ok: true, write: { featureImagePath: null, authorIds: [41] } });
  });
});

describe("savedMessage", () => {
  it("says what happened to the story", () => {
    expect(savedMessage({ status: "scheduled", publishedAt: now + HOUR }, null, TZ)).toMatch(/^Scheduled for /);
    expect(savedMessage({ status: "published", publishedAt: now }, stored(), TZ)).toBe("Article published.");
    const live = stored({ status: "published", publishedAt: now - HOUR });
    expect(savedMessage({ status: "published", publishedAt: now - HOUR }, live, TZ)).toBe("Article updated.");
    expect(savedMessage({ status: "draft", publishedAt: null }, live, TZ)).toBe("Draft saved.");
  });
});
