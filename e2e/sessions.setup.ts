import { test as setup } from "@playwright/test";
import { E2E_ADMIN } from "./pages/admin-session";
import { insertUser } from "./support/db";
import { NEWSROOM_SESSIONS, saveSession, type SessionName } from "./support/sessions";

setup("the newsroom specs' sessions", async ({ playwright, baseURL }) => {
  const open = async (name: SessionName) => {
    const role = NEWSROOM_SESSIONS[name];
    const creds = role === "administrator" ? E2E_ADMIN : await insertUser(role);
    const request = await playwright.request.newContext({ baseURL });
    await saveSession(request, creds, name);
    await request.dispose();
  };
  await Promise.all((Object.keys(NEWSROOM_SESSIONS) as SessionName[]).map(open));
});
