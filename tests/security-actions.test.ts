import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq, is, ne, Table } from "drizzle-orm";
import { db } from "@/db";
import * as schema from "@/db/schema";
import { comments, revisions, users } from "@/db/schema";
import { NOT_ALLOWED, SIGN_IN_REQUIRED, idleState, type ActionState } from "@/lib/action-state";
import type { SessionUser } from "@/lib/auth/roles";
import { saveArticle } from "@/lib/data/admin-articles";
import { createUser } from "@/lib/data/users";
import { hashPassword } from "@/lib/password";
import { makeArticle, makeComment } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));

// Public by design: signing in is how a visitor gets a session; signing out only drops one's own cookie;
// posting a comment is what readers do (its own rules are tested in the comments suites).
const PUBLIC_ACTIONS = new Set(["signInAction", "signOutAction", "postCommentAction"]);
// Self-service: any signed-in user may change their own password and byline; covered further down.
const SELF_SERVICE = new Set(["changePasswordAction", "updateProfileAction"]);

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const actionsDir = path.join(import.meta.dirname, "..", "lib", "actions");
async function loadActions(): Promise<[string, Action][]> {
  const all: [string, Action][] = [];
  for (const file of fs
    .readdirSync(actionsDir)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const mod = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      expect(typeof value, `${file} exports ${name}, which is not a function`).toBe("function");
      if (!PUBLIC_ACTIONS.has(name)) all.push([`${file}:${name}`, value as Action]);
    }
  }
  return all;
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
let payloads: Record<string, Record<string, string | string[]>>;

function form(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

beforeAll(async () => {
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
  const pending = await makeComment({ articleId: article.id, status: "pending" });
  await makeComment({ articleId: article.id, status: "spam" });

  payloads = {
    saveArticleAction: {
      id: String(article.id),
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
    unpublishArticleAction: { id: String(article.id) },
    trashArticleAction: { id: String(article.id) },
    restoreArticleAction: { id: String(trashed.id) },
    deleteArticleAction: { id: String(trashedForDelete.id) },
    restoreRevisionAction: { articleId: String(revised.id), revisionId: String(revisionId) },
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
});

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
  });

  it("as a contributor: every action on other people's content is refused and nothing changes", async () => {
    signInAs(contributor);
    for (const [name, action] of await loadActions()) {
      if (SELF_SERVICE.has(name.split(":")[1])) continue;
      const before = await snapshot();
      const result = await action(idleState, form(payloads[name.split(":")[1]] ?? {}));
      expect(result.status, name).toBe("error");
      expect(result.message, name).toBe(NOT_ALLOWED);
      expect(await snapshot(), `${name} changed the database for a contributor`).toBe(before);
    }
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
    ).toBe("success");
    expect(await others()).toEqual(before);
  });

  // Proves the refusals above come from the role check, not from a broken payload.
  it("the same payloads succeed for an administrator", async () => {
    signInAs(admin);
    for (const [name, action] of await loadActions()) {
      const result = await action(idleState, form(payloads[name.split(":")[1]]));
      expect(result, name).toMatchObject({ status: "success" });
    }
    expect((await db.select().from(comments)).some((c) => c.userId === admin.id && c.status === "approved")).toBe(true);
  });
});
