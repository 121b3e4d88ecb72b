import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { articles } from "@/db/schema";
import { idleState, NOT_ALLOWED } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleBySlug } from "@/lib/data/articles";
import {
  countPendingReview,
  getStandingSendBack,
  listReviewQueue,
  listSentBackTo,
  listStatusChanges,
} from "@/lib/data/status-history";
import { getSettingsUncached } from "@/lib/data/settings";
import { createUser } from "@/lib/data/users";
import { toZonedInputValue } from "@/lib/format/dates";
import { makeArticle } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";
import { articleFormData } from "./support/article-form";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const { saveArticleAction: postArticleForm, unpublishArticleAction } = await import("@/lib/actions/articles");
const { withCurrentVersion } = await import("./support/versioned-save");
const saveArticleAction = async (...[prev, form]: Parameters<typeof postArticleForm>) =>
  postArticleForm(prev, await withCurrentVersion(form));
const { publishReviewedArticleAction, scheduleReviewedArticleAction, sendBackArticleAction } =
  await import("@/lib/actions/review");

let editor: SessionUser;
let author: SessionUser;
let contributor: SessionUser;

beforeAll(async () => {
  const mk = async (email: string, role: SessionUser["role"]) => {
    const u = await createUser({ email, name: `${role} ${email}`, role, passwordHash: "x" });
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  editor = await mk("review-ed@example.com", "editor");
  author = await mk("review-au@example.com", "author");
  contributor = await mk("review-co@example.com", "contributor");
});

beforeEach(() => {
  invalidated.length = 0;
});

const form = articleFormData;

async function stored(id: number) {
  const [row] = await db.select().from(articles).where(eq(articles.id, id));
  return row;
}

/** A contributor's story, saved through the editor as they would, with the status they choose. */
async function contributorStory(headline: string, status: "draft" | "pending") {
  signInAs(contributor);
  const result = await saveArticleAction(idleState, form({ headline, status })).catch((e: { url?: string }) => e);
  const url = (result as { url?: string }).url ?? "";
  const id = Number(/\/admin\/articles\/(\d+)/.exec(url)?.[1]);
  expect(id, JSON.stringify(result)).toBeGreaterThan(0);
  return id;
}

describe("review before publishing", () => {
  it("a contributor submits for review; the story stays off reader pages and joins the queue", async () => {
    const before = await countPendingReview();
    const id = await contributorStory("Submitted story", "pending");
    const row = await stored(id);
    expect(row.status).toBe("pending");
    expect(row.publishedAt).toBeNull();
    expect(await getArticleBySlug(row.slug)).toBeNull();
    expect(invalidated).toEqual([]);
    expect(await countPendingReview()).toBe(before + 1);
    const item = (await listReviewQueue()).find((s) => s.id === id);
    expect(item).toMatchObject({ headline: "Submitted story", submittedBy: contributor.name });
  });

  it("a contributor can never publish or schedule, not even with a crafted form", async () => {
    const id = await contributorStory("Crafted story", "pending");
    signInAs(contributor);
    for (const status of ["published", "scheduled"]) {
      const result = await saveArticleAction(
        idleState,
        form({ id: String(id), headline: "Crafted story", status, publishedAt: "2099-01-01T10:00" }),
      );
      expect(result.status).toBe("error");
      expect(result.fieldErrors?.status).toBeDefined();
    }
    expect((await stored(id)).status).toBe("pending");
    // Nor through the review queue's actions, nor by unpublishing tricks.
    for (const action of [publishReviewedArticleAction, scheduleReviewedArticleAction, sendBackArticleAction]) {
      const result = await action(idleState, form({ id: String(id), publishedAt: "2099-01-01T10:00", note: "x" }));
      expect(result).toMatchObject({ status: "error", message: NOT_ALLOWED });
    }
    expect((await stored(id)).status).toBe("pending");
    expect(await getArticleBySlug((await stored(id)).slug)).toBeNull();
  });

  it("an author cannot review, but may publish their own story or submit it", async () => {
    signInAs(author);
    const queued = await contributorStory("Not the author's", "pending");
    signInAs(author);
    const refused = await publishReviewedArticleAction(idleState, form({ id: String(queued) }));
    expect(refused).toMatchObject({ status: "error", message: NOT_ALLOWED });

    const submit = await saveArticleAction(idleState, form({ headline: "Author submits", status: "pending" })).catch(
      (e: { url: string }) => e,
    );
    const own = Number(/(\d+)/.exec((submit as { url: string }).url)?.[1]);
    expect((await stored(own)).status).toBe("pending");
    const published = await saveArticleAction(
      idleState,
      form({ id: String(own), headline: "Author submits", status: "published" }),
    );
    expect(published).toMatchObject({ status: "ok", message: "Article published." });
    expect((await stored(own)).status).toBe("published");
  });

  it("an editor sends a story back with a note the writer sees; resubmitted, the editor publishes it", async () => {
    const id = await contributorStory("Round trip", "pending");
    signInAs(editor);
    const empty = await sendBackArticleAction(idleState, form({ id: String(id), note: "   " }));
    expect(empty.fieldErrors?.note).toEqual(["Tell the writer what to change."]);
    expect((await stored(id)).status).toBe("pending");

    const sent = await sendBackArticleAction(idleState, form({ id: String(id), note: "Source the second quote." }));
    expect(sent).toMatchObject({ status: "ok", message: "Story sent back to the writer." });
    expect((await stored(id)).status).toBe("draft");
    expect(await getStandingSendBack(id)).toMatchObject({ note: "Source the second quote.", userName: editor.name });
    expect((await listSentBackTo(contributor.id)).map((s) => [s.id, s.note])).toContainEqual([
      id,
      "Source the second quote.",
    ]);
    expect(await listSentBackTo(author.id)).not.toContainEqual(expect.objectContaining({ id }));
    // A second decision on a story no longer in review is refused.
    const twice = await publishReviewedArticleAction(idleState, form({ id: String(id) }));
    expect(twice).toMatchObject({ status: "error", message: "This story is no longer waiting for review." });

    // The contributor may edit their draft again, and resubmits it: the note leaves their dashboard.
    signInAs(contributor);
    const resubmitted = await saveArticleAction(
      idleState,
      form({ id: String(id), headline: "Round trip", status: "pending" }),
    );
    expect(resubmitted).toMatchObject({ status: "ok", message: "Submitted for review." });
    expect(await listSentBackTo(contributor.id)).not.toContainEqual(expect.objectContaining({ id }));
    expect(await getStandingSendBack(id)).toBeNull();

    signInAs(editor);
    const published = await publishReviewedArticleAction(idleState, form({ id: String(id) }));
    expect(published).toMatchObject({ status: "ok", message: "Story published." });
    const row = await stored(id);
    expect(row.status).toBe("published");
    expect(row.publishedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await getArticleBySlug(row.slug)).not.toBeNull();
    expect(invalidated).toContain(`article:${row.slug}`);

    const history = await listStatusChanges(id);
    expect(history.map((c) => [c.from, c.to, c.userName])).toEqual([
      ["pending", "published", editor.name],
      ["draft", "pending", contributor.name],
      ["pending", "draft", editor.name],
      [null, "pending", contributor.name],
    ]);
    expect(history[2].note).toBe("Source the second quote.");
    for (let i = 1; i < history.length; i++)
      expect(history[i - 1].createdAt).toBeGreaterThanOrEqual(history[i].createdAt);
  });

  it("an editor schedules a story from the queue for a future time only", async () => {
    const id = await contributorStory("Scheduled from review", "pending");
    signInAs(editor);
    const { timezone } = await getSettingsUncached();
    const past = await scheduleReviewedArticleAction(
      idleState,
      form({ id: String(id), publishedAt: toZonedInputValue(Date.now() - 3_600_000, timezone) }),
    );
    expect(past.status).toBe("error");
    expect(past.fieldErrors?.publishedAt).toBeDefined();
    const at = Date.now() + 86_400_000;
    const result = await scheduleReviewedArticleAction(
      idleState,
      form({ id: String(id), publishedAt: toZonedInputValue(at, timezone) }),
    );
    expect(result.status).toBe("ok");
    const row = await stored(id);
    expect(row.status).toBe("scheduled");
    expect(Math.abs((row.publishedAt ?? 0) - at)).toBeLessThan(60_000);
    expect(await getArticleBySlug(row.slug)).toBeNull();
  });

  it("trash and unpublish leave the queue alone; unpublishing records the change of status", async () => {
    const live = await makeArticle({ createdById: editor.id });
    signInAs(editor);
    expect((await unpublishArticleAction(idleState, form({ id: String(live.id) }))).status).toBe("ok");
    expect((await listStatusChanges(live.id)).map((c) => [c.from, c.to, c.userName])).toEqual([
      ["published", "draft", editor.name],
    ]);
    const trashed = await makeArticle({ createdById: contributor.id, status: "pending", trashedAt: Date.now() });
    expect((await listReviewQueue()).some((s) => s.id === trashed.id)).toBe(false);
    const refused = await sendBackArticleAction(idleState, form({ id: String(trashed.id), note: "n" }));
    expect(refused.status).toBe("error");
  });
});
