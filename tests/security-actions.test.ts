import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq, is, ne, Table } from "drizzle-orm";
import sharp from "sharp";
import { db, transaction } from "@/db";
import * as schema from "@/db/schema";
import { comments, media, revisions, users } from "@/db/schema";
import { storeImageUpload } from "@/lib/data/uploads";
import { NOT_ALLOWED, SIGN_IN_REQUIRED, idleState, type ActionState } from "@/lib/actions/state";
import { accessOf } from "@/lib/actions/wrappers";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleForEdit, saveArticle } from "@/lib/data/admin-articles";
import { pinArticle, setBreakingBanner } from "@/lib/data/front-page";
import { insertLiveUpdate, setLiveCoverage } from "@/lib/data/live";
import { createApiKey } from "@/lib/data/api-keys";
import { createWebhook, enqueueWebhookEvent, listDeliveries } from "@/lib/data/webhooks";
import { createUser } from "@/lib/data/users";
import { importSubscribers } from "@/lib/data/subscribers";
import { addMenuItem } from "@/lib/data/menus";
import { listPageRevisions, savePage } from "@/lib/data/pages";
import { newsletterSubscribers } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { makeArticle, makeComment } from "./support/factories";
import { invalidated, refreshed } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-newsroom-client-ip": "203.0.113.9", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));

// Public by design: signing in is how a visitor gets a session; signing out only drops one's own cookie;
// posting a comment is what readers do (its own rules are tested in the comments suites).
// Newsletter signup, confirmation and management are for readers without accounts; the last two act only
// through a signed link (tests/newsletter.test.ts attacks them with forged tokens).
const PUBLIC_ACTIONS = new Set([
  "signInAction",
  "signOutAction",
  "postCommentAction",
  "subscribeAction",
  "confirmSubscriptionAction",
  "manageSubscriptionAction",
]);
// Self-service: any signed-in user may change their own password and byline; covered further down.
const SELF_SERVICE = new Set(["changePasswordAction", "updateProfileAction"]);
// Open to every signed-in role and changes nothing: the editor's live preview (tested further down).
// Any writer may place an image in their own story: it is stored (and entered in the media library as
// theirs), but nothing points at it until a save the save's own rules allow (tests/story-content.test.ts
// tests the upload). Any writer may browse the library to place an image (tests/media-library.test.ts).
const READ_ONLY = new Set(["previewArticleBodyAction", "uploadStoryImageAction", "browseMediaAction"]);

// Whose screen shows what they change (lists, counts, the form's stored values) asks for fresh server
// data; a password change shows nothing new.
// The editor's autosave and heartbeat run in the background and answer the editor itself.
const KEEPS_SCREEN = new Set([
  "changePasswordAction",
  "resetPasswordAction",
  "previewArticleBodyAction",
  "uploadStoryImageAction",
  "browseMediaAction",
  "autosaveArticleAction",
  "articleLockAction",
]);

const RED_PIXEL = { create: { width: 2, height: 2, channels: 3 as const, background: "#c00" } };

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const root = path.join(import.meta.dirname, "..");
const actionsDir = path.join(root, "lib", "actions");
// Next.js takes the directive only as the module's first statement; comments may come before it.
const USE_SERVER = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*(["'])use server\1/;

/** Every export of every "use server" module in lib/actions: each one is a public endpoint. */
async function loadEndpoints(): Promise<[string, unknown][]> {
  const all: [string, unknown][] = [];
  for (const file of fs
    .readdirSync(actionsDir)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const source = fs.readFileSync(path.join(actionsDir, file), "utf8");
    const mod = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
    if (!USE_SERVER.test(source)) {
      // The plumbing beside the actions (state, wrappers) is not an endpoint and holds none.
      expect(source, `${file} holds an inline server action`).not.toMatch(/["']use server["']/);
      continue;
    }
    for (const [name, value] of Object.entries(mod)) all.push([`${file}:${name}`, value]);
  }
  return all;
}

/** The newsroom actions, for replaying: everything but the ones public by design. */
async function loadActions(): Promise<[string, Action][]> {
  return (await loadEndpoints())
    .filter(([name]) => !PUBLIC_ACTIONS.has(name.split(":")[1]))
    .map(([name, value]) => [name, value as Action]);
}

/** Every row of every table, in a stable order. */
async function snapshot(): Promise<string> {
  const tables = Object.entries(schema).filter(([, value]) => is(value, Table)) as [string, typeof schema.users][];
  const contents: [string, string[]][] = [];
  for (const [name, table] of tables) {
    contents.push([name, (await db.select().from(table)).map((row) => JSON.stringify(row)).sort()]);
  }
  return JSON.stringify(contents);
}

let admin: SessionUser;
let contributor: SessionUser;
let payloads: Record<string, Record<string, string | string[] | File>>;

function form(values: Record<string, string | string[] | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", fs.mkdtempSync(path.join(os.tmpdir(), "security-actions-")));
  // Importing every action module (and what they import) is setup, not what the tests below measure.
  for (const file of fs.readdirSync(actionsDir).filter((f) => f.endsWith(".ts")))
    await import(path.join(actionsDir, file));
  const hash = await hashPassword("admin password 1");
  const a = await createUser({ email: "admin@example.com", name: "Admin", role: "administrator", passwordHash: hash });
  const c = await createUser({
    email: "contrib@example.com",
    name: "Contributor",
    role: "contributor",
    passwordHash: hash,
  });
  const other = await createUser({ email: "editor@example.com", name: "Editor", role: "editor", passwordHash: hash });
  admin = { id: a.id, email: a.email, name: a.name, role: a.role };
  contributor = { id: c.id, email: c.email, name: c.name, role: c.role };

  const article = await makeArticle({ createdById: a.id });
  const trashed = await makeArticle({ createdById: a.id, trashedAt: Date.now() });
  const trashedForDelete = await makeArticle({ createdById: a.id, trashedAt: Date.now() });
  await saveArticle(article.id, { ...articleWrite(article.slug), headline: "Older headline" }, a.id);
  // Its own story: the replay trashes `article` before it gets to restoring a revision.
  const revised = await makeArticle({ createdById: a.id });
  await saveArticle(revised.id, articleWrite(revised.slug), a.id);
  const revisionId = (
    await db.select({ id: revisions.id }).from(revisions).where(eq(revisions.articleId, revised.id))
  )[0]!.id;
  // Its own story too: the autosave and the lock of a live story nobody else touches in the replay.
  const editing = await makeArticle({ createdById: a.id });
  const [pinned, pinnedUpper, pinnedLower, pinnedToRemove] = await Promise.all(
    [1, 2, 3, 4].map(() => makeArticle({ createdById: a.id })),
  );
  for (const story of [pinnedUpper, pinnedLower, pinnedToRemove]) await pinArticle(story.id, "top", null);
  await setBreakingBanner({ text: "Standing banner", url: "", expiresAt: null }, a.id);
  const [toPublish, toSchedule, toSendBack] = await Promise.all(
    [1, 2, 3].map(() => makeArticle({ createdById: c.id, status: "pending", publishedAt: null })),
  );
  const pending = await makeComment({ articleId: article.id, status: "pending" });
  // A live story of its own, with two updates: one to pin, one to delete.
  const liveStory = await makeArticle({ createdById: a.id });
  await setLiveCoverage(liveStory.id, true, Date.now());
  const liveFields = { body: "An update.", headline: "", byline: "", keyEvent: false, image: null };
  const [toPin, toDelete] = [
    (await insertLiveUpdate(liveStory.id, liveFields, a.id, Date.now())).update.id,
    (await insertLiveUpdate(liveStory.id, liveFields, a.id, Date.now())).update.id,
  ];
  await makeComment({ articleId: article.id, status: "spam" });
  const apiKey = await createApiKey({ name: "Replayed", kind: "content", createdById: a.id });
  const webhook = await createWebhook({
    name: "Replayed",
    url: "https://example.com/hook",
    events: ["story.published"],
    secret: "whsec_replay",
  });
  const doomedWebhook = await createWebhook({ name: "Doomed", url: "https://example.com/x", events: [], secret: "s" });
  await transaction((tx) => enqueueWebhookEvent(tx, "story.published", {}, { orderKey: "replay" }));
  const [delivery] = await listDeliveries(webhook.id);

  // Library images the administrator uploaded: one to describe, one nothing uses, to delete.
  const stored = { bytes: await sharp(RED_PIXEL).png().toBuffer(), ext: "png" as const };
  const [described, unused] = [
    await storeImageUpload(stored, { uploadedById: a.id }),
    await storeImageUpload(stored, { uploadedById: a.id }),
  ];
  const mediaIdOf = async (p: string) => (await db.select({ id: media.id }).from(media).where(eq(media.path, p)))[0].id;

  await importSubscribers([{ email: "reader@example.org", lists: ["daily"] }], { source: "test", confirmed: true });
  const [subscriber] = await db.select({ id: newsletterSubscribers.id }).from(newsletterSubscribers);

  // A page with two revisions (one to restore), one to delete, and a menu with two entries.
  const pageWrite = { title: "Replayed page", slug: "replayed-page", body: "One.", status: "published" as const };
  const replayedPage = await savePage(null, null, pageWrite, a.id);
  if (replayedPage.kind !== "saved") throw new Error("page not saved");
  await savePage(replayedPage.id, 1, { ...pageWrite, body: "Two." }, a.id);
  // Its own page: the replay saves `replayedPage` before it gets to restoring a revision.
  const revisedPage = await savePage(null, null, { ...pageWrite, slug: "revised-page" }, a.id);
  if (revisedPage.kind !== "saved") throw new Error("page not saved");
  await savePage(revisedPage.id, 1, { ...pageWrite, slug: "revised-page", body: "Two." }, a.id);
  const [, firstPageRevision] = await listPageRevisions(revisedPage.id);
  const doomedPage = await savePage(null, null, { ...pageWrite, slug: "doomed-page" }, a.id);
  if (doomedPage.kind !== "saved") throw new Error("page not saved");
  await addMenuItem({ menu: "header", kind: "page", pageId: replayedPage.id });
  await addMenuItem({ menu: "header", kind: "link", label: "Elsewhere", url: "https://example.com/" });
  const menuEntries = await db.select({ id: schema.menuItems.id }).from(schema.menuItems).orderBy(schema.menuItems.id);

  payloads = {
    savePageAction: {
      id: String(replayedPage.id),
      baseVersion: "2",
      title: "Replayed title",
      slug: "replayed-page",
      body: "Replayed.",
      status: "published",
    },
    restorePageRevisionAction: {
      pageId: String(revisedPage.id),
      revisionId: String(firstPageRevision.id),
      baseVersion: "2",
    },
    deletePageAction: { pageId: String(doomedPage.id) },
    addMenuItemAction: { menu: "footer", kind: "link", label: "Replayed", url: "/subscribe" },
    moveMenuItemAction: { itemId: String(menuEntries[1].id), direction: "up" },
    removeMenuItemAction: { itemId: String(menuEntries[0].id) },
    importSubscribersAction: {
      file: new File(["email\nimported@example.org\n"], "subscribers.csv", { type: "text/csv" }),
      source: "Replay",
      confirmed: "on",
    },
    deleteSubscriberAction: { id: String(subscriber.id) },
    updateMediaDetailsAction: { id: String(await mediaIdOf(described)), alt: "Replayed alt", caption: "", credit: "" },
    deleteMediaAction: { id: String(await mediaIdOf(unused)) },
    browseMediaAction: { search: "", before: "" },
    sendTestNewsletterAction: { kind: "article", articleId: String(revised.id) },
    previewArticleBodyAction: { body: "Replayed **preview**." },
    uploadStoryImageAction: {
      image: new File([new Uint8Array(await sharp(RED_PIXEL).png().toBuffer())], "pixel.png", { type: "image/png" }),
    },
    saveArticleAction: {
      id: String(article.id),
      baseVersion: String((await getArticleForEdit(article.id))!.version),
      headline: "Replayed headline",
      slug: "",
      dek: "",
      dateline: "",
      body: "Replayed.",
      sectionId: "",
      tags: "Replay",
      status: "published",
      publishedAt: "",
      commentsOpen: "on",
      correction: "",
      featureImageAlt: "",
      featureImageCaption: "",
      featureImageCredit: "",
    },
    autosaveArticleAction: {
      id: String(editing.id),
      baseVersion: String(editing.version),
      headline: "Autosaved headline",
      slug: "",
      dek: "",
      dateline: "",
      body: "Autosaved.",
      sectionId: "",
      tags: "",
      status: "published",
      publishedAt: "",
      commentsOpen: "on",
      correction: "",
      featureImageAlt: "",
      featureImageCaption: "",
      featureImageCredit: "",
    },
    articleLockAction: { id: String(editing.id), intent: "takeOver" },
    unpublishArticleAction: { id: String(article.id) },
    trashArticleAction: { id: String(article.id) },
    restoreArticleAction: { id: String(trashed.id) },
    deleteArticleAction: { id: String(trashedForDelete.id) },
    restoreRevisionAction: { articleId: String(revised.id), revisionId: String(revisionId) },
    addArticleNoteAction: { articleId: String(article.id), body: "Replayed note for @editor." },
    pinArticleAction: { articleId: String(pinned.id), slot: "top" },
    moveTopStoryAction: { articleId: String(pinnedLower.id), direction: "up" },
    removePickAction: { articleId: String(pinnedToRemove.id) },
    setBreakingBannerAction: { text: "Replayed banner", url: "/world" },
    clearBreakingBannerAction: {},
    publishReviewedArticleAction: { id: String(toPublish.id) },
    scheduleReviewedArticleAction: { id: String(toSchedule.id), publishedAt: "2099-01-01T10:00" },
    sendBackArticleAction: { id: String(toSendBack.id), note: "Replayed note." },
    moderateCommentsAction: { ids: [String(pending.id)], operation: "approve" },
    emptyCommentsAction: { status: "spam" },
    replyToCommentAction: { parentId: String(pending.id), body: "Thanks for writing." },
    editCommentAction: {
      id: String(pending.id),
      authorName: "Edited",
      authorEmail: "edited@example.org",
      authorUrl: "",
      body: "Edited.",
    },
    createUserAction: {
      name: "New Person",
      email: "new@example.com",
      role: "editor",
      password: "a long enough password",
    },
    changeRoleAction: { id: String(other.id), role: "author" },
    setUserActiveAction: { id: String(other.id), active: "false" },
    resetPasswordAction: { id: String(other.id), password: "another long password" },
    changePasswordAction: {
      currentPassword: "admin password 1",
      newPassword: "a new long password",
      confirmPassword: "a new long password",
    },
    updateProfileAction: { name: "Admin Renamed", bio: "Edits things." },
    importWordPressAction: {
      file: new File([fs.readFileSync(path.join(root, "tests/fixtures/wordpress/export.xml"))], "export.xml"),
      createUsers: "on",
    },
    setLiveCoverageAction: { articleId: String(liveStory.id), live: "on" },
    postLiveUpdateAction: { articleId: String(liveStory.id), body: "A replayed update.", headline: "Replayed" },
    pinLiveUpdateAction: { articleId: String(liveStory.id), updateId: String(toPin), pinned: "1" },
    deleteLiveUpdateAction: { articleId: String(liveStory.id), updateId: String(toDelete) },
    createApiKeyAction: { name: "Replayed key", kind: "admin", role: "author" },
    revokeApiKeyAction: { id: String(apiKey.record.id) },
    createWebhookAction: { name: "Replayed hook", url: "https://example.com/replayed", events: ["story.updated"] },
    setWebhookActiveAction: { id: String(webhook.id), active: "false" },
    deleteWebhookAction: { id: String(doomedWebhook.id) },
    redeliverWebhookAction: { id: String(delivery.id) },
    saveSettingsAction: {
      siteTitle: "Replayed Post",
      tagline: "",
      timezone: "Europe/Istanbul",
      commentModerationWords: "",
      commentDisallowedWords: "",
      commentMaxLinks: "2",
      commentCloseAfterDays: "0",
      commentThreadDepth: "5",
      commentPreviouslyApproved: "on",
    },
  };
  // Importing every action module (nodemailer included) takes a while on a busy machine.
}, 60_000);

function articleWrite(slug: string) {
  return {
    headline: "h",
    slug,
    dek: "",
    dateline: "",
    body: "b",
    sectionId: null,
    tagNames: [],
    authorIds: [],
    featureImagePath: null,
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
    correction: "",
    commentStatus: "open" as const,
    status: "published" as const,
    publishedAt: Date.now() - 60_000,
  };
}

describe("every server action says who may call it", () => {
  it('each export of a "use server" module was built by withRole or publicAction', async () => {
    const endpoints = await loadEndpoints();
    expect(endpoints.length).toBeGreaterThanOrEqual(18);
    for (const [name, value] of endpoints) {
      expect(typeof value, `${name} is not a function`).toBe("function");
      const access = accessOf(value);
      expect(access, `${name} was not built by withRole or publicAction`).toBeDefined();
      const isPublic = PUBLIC_ACTIONS.has(name.split(":")[1]);
      expect(access?.kind, `${name}: public only by a decision recorded in PUBLIC_ACTIONS`).toBe(
        isPublic ? "public" : "role",
      );
    }
  });

  it("a crafted call sending something other than a form is refused and changes nothing", async () => {
    signInAs(admin);
    for (const [name, action] of await loadEndpoints()) {
      const before = await snapshot();
      for (const notAForm of [undefined, "ids=1", { id: "1" }]) {
        const result = await (action as (prev: unknown, form: unknown) => Promise<ActionState>)(idleState, notAForm);
        expect(result.status, name).toBe("error");
      }
      expect(await snapshot(), `${name} changed the database`).toBe(before);
    }
    expect(invalidated).toEqual([]);
    // A snapshot of every table per action, for every action: seconds on a busy machine.
  }, 30_000);

  it("server actions exist only in lib/actions, where the test above finds them", () => {
    const elsewhere: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.(ts|tsx|js|mjs)$/.test(entry.name) && /["']use server["']/.test(fs.readFileSync(full, "utf8")))
          elsewhere.push(path.relative(root, full));
      }
    };
    for (const dir of ["app", "components", "lib"]) visit(path.join(root, dir));
    expect(elsewhere.filter((f) => !f.startsWith(path.join("lib", "actions") + path.sep))).toEqual([]);
  });
});

describe("every admin server action refuses callers without the right session", () => {
  it("finds the admin actions, and each has a replay payload", async () => {
    const actions = await loadActions();
    expect(actions.length).toBeGreaterThanOrEqual(15);
    for (const [name] of actions) expect(payloads, `no replay payload for ${name}`).toHaveProperty(name.split(":")[1]);
  });

  it("without a session: every action is refused and nothing changes", async () => {
    signInAs(null);
    for (const [name, action] of await loadActions()) {
      const before = await snapshot();
      const result = await action(idleState, form(payloads[name.split(":")[1]] ?? {}));
      expect(result, name).toMatchObject({ status: "error", message: SIGN_IN_REQUIRED });
      expect(await snapshot(), `${name} changed the database without a session`).toBe(before);
    }
    expect(invalidated).toEqual([]);
    expect(refreshed.count).toBe(0);
  }, 30_000);

  it("as a contributor: every action on other people's content is refused and nothing changes", async () => {
    signInAs(contributor);
    for (const [name, action] of await loadActions()) {
      if (SELF_SERVICE.has(name.split(":")[1]) || READ_ONLY.has(name.split(":")[1])) continue;
      const before = await snapshot();
      const result = await action(idleState, form(payloads[name.split(":")[1]] ?? {}));
      expect(result.status, name).toBe("error");
      expect(result.message, name).toBe(NOT_ALLOWED);
      expect(await snapshot(), `${name} changed the database for a contributor`).toBe(before);
    }
    expect(invalidated).toEqual([]);
    expect(refreshed.count).toBe(0);
  }, 30_000);

  it("the live preview renders for a contributor, sanitised, and stores nothing", async () => {
    const { previewArticleBodyAction } = await import("@/lib/actions/preview");
    signInAs(contributor);
    const before = await snapshot();
    const hostile = 'Hello **there** <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))';
    const result = await previewArticleBodyAction(idleState, form({ body: hostile }));
    expect(result.status).toBe("ok");
    const html = "html" in result ? String(result.html) : "";
    expect(html).toContain("<strong>there</strong>");
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(await snapshot()).toBe(before);
    expect(invalidated).toEqual([]);
  });

  it("self-service actions change only the caller's own account", async () => {
    signInAs(contributor);
    const { changePasswordAction, updateProfileAction } = await import("@/lib/actions/profile");
    const wrong = await changePasswordAction(
      idleState,
      form({ ...payloads.changePasswordAction, currentPassword: "not it at all" }),
    );
    expect(wrong.fieldErrors?.currentPassword).toEqual(["Your current password is not correct."]);
    const others = () =>
      db
        .select({ id: users.id, name: users.name, passwordHash: users.passwordHash })
        .from(users)
        .where(ne(users.id, contributor.id))
        .orderBy(users.id);
    const before = await others();
    expect(
      (
        await updateProfileAction(
          idleState,
          form({ ...payloads.updateProfileAction, id: String(admin.id), userId: String(admin.id) }),
        )
      ).status,
    ).toBe("ok");
    expect(await others()).toEqual(before);
  });

  // Proves the refusals above come from the role check, not from a broken payload. Every action runs once,
  // a WordPress import among them: seconds on a busy machine.
  it("the same payloads succeed for an administrator", async () => {
    signInAs(admin);
    for (const [name, action] of await loadActions()) {
      refreshed.count = 0;
      const result = await action(idleState, form(payloads[name.split(":")[1]]));
      expect(result, name).toMatchObject({ status: "ok" });
      expect(refreshed.count, `${name} refreshes the screen that posted it`).toBe(
        KEEPS_SCREEN.has(name.split(":")[1]) ? 0 : 1,
      );
    }
    expect((await db.select().from(comments)).some((c) => c.userId === admin.id && c.status === "approved")).toBe(true);
    // Every action in turn, with its password hashes and audit entries: seconds on a busy machine.
  }, 30_000);
});
