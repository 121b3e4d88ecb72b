import { expect, test } from "@playwright/test";
import pg from "pg";
import { signIn } from "./pages/admin-session";
import { ISTANBUL_SLUG } from "./pages/article-page";
import { OWN_ADMIN, prepareOwnSite, type OwnSite } from "./support/own-server";

// Live coverage across two instances on one PostgreSQL database and one Redis (as
// e2e/two-instances.pg.redis.spec.ts sets them up): an update posted on A reaches a reader whose page
// streams from B within 2 s, through the live channel of the bus.
test.describe.configure({ mode: "serial", timeout: 120_000 });

let site: OwnSite;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  site = await prepareOwnSite([4, 5], { TRUST_PROXY: "1" });
});

test.afterAll(async () => {
  await site?.remove();
});

test("an update posted on instance A reaches a reader streaming from instance B within 2 s", async ({ browser }) => {
  const [a, b] = site.instances;
  const client = new pg.Client({ connectionString: site.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: number }>("select id from articles where slug = $1", [ISTANBUL_SLUG]);
  await client.end();

  const editor = await (await browser.newContext({ baseURL: a.base })).newPage();
  await signIn(editor, OWN_ADMIN);
  await editor.goto(`/admin/articles/${rows[0].id}`);
  const toggle = editor.getByRole("switch", { name: "Live coverage" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  const reader = await (await browser.newContext({ baseURL: b.base })).newPage();
  const streaming = reader.waitForResponse((r) => r.url().includes(`/api/live/${rows[0].id}/events`));
  await reader.goto(`/articles/${ISTANBUL_SLUG}`);
  expect((await streaming).status()).toBe(200);

  const form = editor.locator("form").filter({ has: editor.getByRole("button", { name: "Post update" }) });
  await form.getByRole("textbox", { name: "Update" }).fill("Posted on A, read on B.");
  await form.getByRole("button", { name: "Post update" }).click();
  await expect(reader.getByRole("button", { name: "1 new update" })).toBeVisible({ timeout: 2_000 });
  await reader.getByRole("button", { name: "1 new update" }).click();
  await expect(reader.getByRole("list", { name: "Updates" })).toContainText("Posted on A, read on B.");
});
