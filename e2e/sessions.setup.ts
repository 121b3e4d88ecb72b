import { test as setup } from "@playwright/test";
import { createUserViaUi, E2E_ADMIN } from "./pages/admin-session";
import { NEWSROOM_SESSIONS, saveSession, type SessionName } from "./support/sessions";

setup("the newsroom specs' sessions", async ({ browser, playwright, baseURL }) => {
  const open = async (name: SessionName) => {
    const role = NEWSROOM_SESSIONS[name];
    const creds = role === "administrator" ? E2E_ADMIN : await createUserViaUi(browser, role);
    const request = await playwright.request.newContext({ baseURL });
    await saveSession(request, creds, name);
    await request.dispose();
  };
  // The desk first: the users below the administrator are added from it.
  await open("user-desk");
  await Promise.all((Object.keys(NEWSROOM_SESSIONS) as SessionName[]).filter((n) => n !== "user-desk").map(open));
});
