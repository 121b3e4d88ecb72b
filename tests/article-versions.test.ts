import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, transaction } from "@/db";
import { articleLocks, revisions } from "@/db/schema";
import { idleState, type ActionState } from "@/lib/actions/state";
import type { SaveConflict } from "@/lib/articles/editing";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { getAutosaveCopy } from "@/lib/data/article-editing";
import { createUser } from "@/lib/data/users";
import { makeArticle } from "./support/factories";
import { signInAs } from "./support/session";
import { articleFormData } from "./support/article-form";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const {
  saveArticleAction,
  autosaveArticleAction,
  articleLockAction,
  unpublishArticleAction,
  trashArticleAction,
  restoreArticleAction,
} = await import("@/lib/actions/articles");

type Answer = ActionState & { version?: number; articleId?: number; conflict?: SaveConflict; lockedBy?: string };
type Lock = ActionState & { lock?: { status: string; by?: string } };

let ana: SessionUser;
let ben: SessionUser;

beforeAll(async () => {
  const mk = async (email: string, name: string) => {
    const u = await createUser({ email, name, role: "editor", passwordHash: "x" });
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  ana = await mk("ana@example.com", "Ana Editor");
  ben = await mk("ben@example.com", "Ben Editor");
});

const form = articleFormData;

const save = (values: Record<string, string>) => saveArticleAction(idleState, form(values)) as Promise<Answer>;
const autosave = (values: Record<string, string>) => autosaveArticleAction(idleState, form(values)) as Promise<Answer>;
const lock = (id: number, intent: string) =>
  articleLockAction(idleState, form({ id: String(id), intent })) as Promise<Lock>;
const revisionCount = async (id: number) =>
  (await db.select({ id: revisions.id }).from(revisions).where(eq(revisions.articleId, id))).length;

describe("a save names the version it was based on", () => {
  it("refuses a save based on an older version, says who saved in between, and keeps both texts", async () => {
    const story = await makeArticle({ status: "draft", publishedAt: null, createdById: ana.id });
    const opened = (await getArticleForEdit(story.id))!.version;
    signInAs(ana);
    const first = await save({
      id: String(story.id),
      baseVersion: String(opened),
      headline: "Ana's",
      body: "Ana wrote.",
    });
    expect(first).toMatchObject({ status: "ok", version: opened + 1 });

    signInAs(ben);
    const before = await revisionCount(story.id);
    const stale = await save({
      id: String(story.id),
      baseVersion: String(opened),
      headline: "Ben's",
      body: "Ben wrote.",
    });
    expect(stale.status).toBe("error");
    expect(stale.message).toMatch(/^Ana Editor saved this story at \d\d:\d\d/);
    expect(stale.conflict).toMatchObject({ by: "Ana Editor", version: opened + 1 });
    expect(stale.conflict?.theirs).toMatchObject({ headline: "Ana's", body: "Ana wrote." });
    // Ben's own text comes back with the refusal, and Ana's stays stored: nothing is lost on either side.
    expect(stale.values).toMatchObject({ headline: "Ben's", body: "Ben wrote." });
    expect(await getArticleForEdit(story.id)).toMatchObject({
      headline: "Ana's",
      body: "Ana wrote.",
      version: opened + 1,
    });
    expect(await revisionCount(story.id)).toBe(before);

    // Based on the version Ana saved, Ben's save goes through.
    const rebased = await save({ id: String(story.id), baseVersion: String(opened + 1), body: "Ben, rebased." });
    expect(rebased).toMatchObject({ status: "ok", version: opened + 2 });
  });

  it("refuses a crafted save that leaves the version out", async () => {
    const story = await makeArticle({ createdById: ana.id });
    signInAs(ana);
    const crafted = await save({ id: String(story.id), headline: "Crafted", status: "published" });
    expect(crafted).toMatchObject({ status: "error", message: expect.stringMatching(/which version/) });
    expect((await getArticleForEdit(story.id))!.headline).toBe(story.headline);
  });

  it("two tabs of one user are two editors: the stale tab's save is refused", async () => {
    const story = await makeArticle({ status: "draft", publishedAt: null, createdById: ana.id });
    signInAs(ana);
    const base = String((await getArticleForEdit(story.id))!.version);
    expect((await save({ id: String(story.id), baseVersion: base, body: "From tab one." })).status).toBe("ok");
    const tabTwo = await save({ id: String(story.id), baseVersion: base, body: "From tab two." });
    expect(tabTwo.conflict?.by).toBe("Ana Editor");
    expect((await getArticleForEdit(story.id))!.body).toBe("From tab one.");
  });

  it("a colleague's unpublish, trash or restore moves the version on: the open editor cannot silently undo it", async () => {
    const story = await makeArticle({ status: "published", createdById: ana.id });
    const opened = (await getArticleForEdit(story.id))!.version;
    const byId = form({ id: String(story.id) });

    signInAs(ben);
    expect(await unpublishArticleAction(idleState, byId)).toMatchObject({ status: "ok" });
    const unpublished = await getArticleForEdit(story.id);
    expect(unpublished).toMatchObject({ status: "draft", version: opened + 1 });

    // Ana's editor still says Published: her Update would republish what Ben just took down.
    signInAs(ana);
    const stale = await save({ id: String(story.id), baseVersion: String(opened), status: "published" });
    expect(stale.conflict).toMatchObject({ by: "Ben Editor", version: opened + 1 });
    expect(stale.conflict?.theirs).toMatchObject({ status: "draft" });
    expect(await getArticleForEdit(story.id)).toMatchObject({ status: "draft", version: opened + 1 });

    signInAs(ben);
    expect(await trashArticleAction(idleState, byId)).toMatchObject({ status: "ok" });
    expect(await restoreArticleAction(idleState, byId)).toMatchObject({ status: "ok" });
    expect((await getArticleForEdit(story.id))!.version).toBe(opened + 3);
    signInAs(ana);
    expect(
      (await save({ id: String(story.id), baseVersion: String(opened + 1), body: "Late." })).conflict,
    ).toBeTruthy();
  });

  it("of two saves sent at once on the same version, exactly one is written", async () => {
    const story = await makeArticle({ status: "draft", publishedAt: null, createdById: ana.id });
    signInAs(ana);
    const base = String((await getArticleForEdit(story.id))!.version);
    const answers = await Promise.all(
      ["One", "Two", "Three"].map((body) => save({ id: String(story.id), baseVersion: base, body })),
    );
    expect(answers.filter((a) => a.status === "ok")).toHaveLength(1);
    expect(answers.filter((a) => a.conflict)).toHaveLength(2);
  });
});

describe("autosave", () => {
  it("creates a new story as a draft on its first autosave, then autosaves the draft into itself", async () => {
    signInAs(ana);
    const first = await autosave({ headline: "", body: "The first words." });
    expect(first).toMatchObject({ status: "ok", articleId: expect.any(Number) });
    const id = first.articleId!;
    expect(await getArticleForEdit(id)).toMatchObject({
      headline: "Untitled",
      status: "draft",
      body: "The first words.",
    });

    // Even with "Published" chosen in the form, an autosave never publishes.
    const second = await autosave({
      id: String(id),
      baseVersion: String(first.version),
      headline: "Ferry strike",
      body: "More words.",
      status: "published",
    });
    expect(second).toMatchObject({ status: "ok", version: first.version! + 1 });
    expect(await getArticleForEdit(id)).toMatchObject({
      headline: "Ferry strike",
      status: "draft",
      body: "More words.",
    });
    // One autosave revision per writer in a row, rewritten in place.
    expect(await revisionCount(id)).toBe(1);

    const stale = await autosave({ id: String(id), baseVersion: String(first.version), body: "Stale tab." });
    expect(stale.conflict?.by).toBe("Ana Editor");
    expect((await getArticleForEdit(id))!.body).toBe("More words.");
  });

  it("keeps a published story's autosave in the writer's own copy until Update", async () => {
    const story = await makeArticle({ createdById: ana.id, body: "What readers read." });
    const version = (await getArticleForEdit(story.id))!.version;
    signInAs(ana);
    const answer = await autosave({
      id: String(story.id),
      baseVersion: String(version),
      headline: story.headline,
      body: "Not for readers yet.",
      status: "published",
    });
    expect(answer).toMatchObject({ status: "ok", version });
    expect(await getArticleForEdit(story.id)).toMatchObject({ body: "What readers read.", version });
    const copy = await getAutosaveCopy(story.id, ana.id);
    expect(JSON.parse(copy!.values)).toMatchObject({ body: "Not for readers yet.", status: "published" });

    const update = await save({
      id: String(story.id),
      baseVersion: String(version),
      headline: story.headline,
      body: "Not for readers yet.",
      status: "published",
    });
    expect(update.status).toBe("ok");
    expect((await getArticleForEdit(story.id))!.body).toBe("Not for readers yet.");
    expect(await getAutosaveCopy(story.id, ana.id)).toBeNull();
  });
});

describe("the post lock", () => {
  it("shows who is editing, lets a colleague take over, tells the one taken over, and lapses", async () => {
    const story = await makeArticle({ status: "draft", publishedAt: null, createdById: ana.id });
    signInAs(ana);
    expect((await lock(story.id, "renew")).lock).toEqual({ status: "mine" });
    signInAs(ben);
    expect((await lock(story.id, "renew")).lock).toMatchObject({ status: "held", by: "Ana Editor" });
    expect((await lock(story.id, "takeOver")).lock).toEqual({ status: "mine" });

    signInAs(ana);
    expect((await lock(story.id, "check")).lock).toMatchObject({ status: "held", by: "Ben Editor" });
    // Ana's heartbeat does not take it back, and her autosave writes nothing while Ben holds the story.
    expect((await lock(story.id, "renew")).lock).toMatchObject({ status: "held", by: "Ben Editor" });
    const base = String((await getArticleForEdit(story.id))!.version);
    const refused = await autosave({ id: String(story.id), baseVersion: base, body: "Ana, late." });
    expect(refused).toMatchObject({ status: "error", lockedBy: "Ben Editor" });
    expect((await getArticleForEdit(story.id))!.body).toBe(story.body);

    // A minute without Ben's heartbeat and the story is free again.
    await transaction((tx) =>
      tx
        .update(articleLocks)
        .set({ heartbeatAt: Date.now() - 61_000 })
        .where(and(eq(articleLocks.articleId, story.id), eq(articleLocks.userId, ben.id))),
    );
    expect((await lock(story.id, "renew")).lock).toEqual({ status: "mine" });
  });

  it("is refused to a user who may not edit the story", async () => {
    const story = await makeArticle({ createdById: ana.id });
    const contributor = await createUser({
      email: "co-lock@example.com",
      name: "Co",
      role: "contributor",
      passwordHash: "x",
    });
    signInAs({ id: contributor.id, email: contributor.email, name: contributor.name, role: contributor.role });
    expect((await lock(story.id, "takeOver")).status).toBe("error");
    expect(await db.select().from(articleLocks).where(eq(articleLocks.articleId, story.id))).toEqual([]);
  });
});
