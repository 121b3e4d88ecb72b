import fs from "node:fs/promises";
import path from "node:path";
import { expect, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { E2E_SESSIONS_DIR } from "../../playwright.config";

// The newsroom specs start signed in: e2e/sessions.setup.ts signs each session below in once, before
// any spec runs, and saves its cookies for `test.use({ storageState: sessionState(name) })`. Sessions
// are revocable on the server, so each spec file gets its own: signing out ends only that session, and
// each user below the administrator is the file's own (written by the setup: e2e/support/db.ts), so a
// password change or a deactivation ends only theirs. The administrator is one shared account (the site
// keeps one; admin-users.spec.ts proves the last cannot be demoted), and no spec ends its sessions but
// through sign-out, each its own.
export const NEWSROOM_SESSIONS = {
  // The administrator's desk that createUserViaUi adds users from.
  "user-desk": "administrator",
  "admin-articles": "administrator",
  "admin-articles.contributor": "contributor",
  "admin-comments": "administrator",
  "admin-comments.author": "author",
  "admin-security": "administrator",
  "admin-security.contributor": "contributor",
  "admin-users": "administrator",
  "admin-users.editor": "editor",
  // Two editors in two browsers on one story (article-collaboration.spec.ts).
  "article-collaboration": "editor",
  "article-collaboration.second": "editor",
  audit: "administrator",
  "bad-input": "administrator",
  comments: "administrator",
  "edge-hit-path": "administrator",
  feeds: "administrator",
  "story-editor": "administrator",
  live: "editor",
  "wordpress-import": "administrator",
  "review-workflow.contributor": "contributor",
  "review-workflow.editor": "editor",
  "front-page.editor": "editor",
  "media-library": "editor",
  notes: "editor",
  "pages-menus.editor": "editor",
  "pages-menus.contributor": "contributor",
} as const;

export type SessionName = keyof typeof NEWSROOM_SESSIONS;

/**
 * No session. Contexts a test opens itself (`browser.newContext()`, `playwright.request.newContext()`)
 * take the file's `test.use` options, its session too: an anonymous visitor must say so.
 */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** The storage state file (cookies) of a session the setup signed in. */
export function sessionState(name: SessionName): string {
  return path.join(E2E_SESSIONS_DIR, `${name}.json`);
}

/** Signs `context` in mid-test with a saved session, for a test that starts as an anonymous reader. */
export async function openSession(context: BrowserContext, name: SessionName) {
  const { cookies } = JSON.parse(await fs.readFile(sessionState(name), "utf8"));
  await context.addCookies(cookies);
}

/**
 * Signs in through NextAuth's credentials endpoint (the sign-in form's own rules; auth.spec.ts tests the
 * form) and saves the session as `name`'s storage state.
 */
export async function saveSession(
  request: APIRequestContext,
  creds: { email: string; password: string },
  name: SessionName,
) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const signedIn = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: creds.email, password: creds.password, json: "true" },
    maxRedirects: 0,
  });
  expect(signedIn.ok(), `${name} signs in`).toBe(true);
  expect((await request.get("/admin", { maxRedirects: 0 })).status(), `${name} opens the newsroom`).toBe(200);
  await request.storageState({ path: sessionState(name) });
}
