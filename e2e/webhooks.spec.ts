import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { expect as baseExpect, test } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { OWN_ADMIN, prepareOwnServer, startPatiently, type OwnServer } from "./support/own-server";
import { SIGNED_OUT } from "./support/sessions";

// A server of its own (its database, its job runner), so it can be killed with -9 and started again,
// and WEBHOOKS_ALLOW_PRIVATE=1 lets it deliver to the receiver below on 127.0.0.1.
const OFFSET = 61;
test.use({ storageState: SIGNED_OUT, baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + OFFSET}` });

// This spec runs a server of its own beside the shared one: on a busy machine its first answers are slow.
const expect = baseExpect.configure({ timeout: 20_000 });

type Delivery = { event: string; id: string; story: string; signature: string; body: string };

/** A real receiver: records every delivery; can go down and come back on the same port. */
class Receiver {
  got: Delivery[] = [];
  port = 0;
  private server?: http.Server;
  async start() {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const parsed = JSON.parse(body);
        this.got.push({
          event: parsed.event,
          id: parsed.id,
          story: parsed.data?.story?.headline ?? "",
          signature: String(req.headers["x-newsroom-signature"]),
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop() {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
  of(headline: string) {
    return this.got.filter((d) => d.story === headline).map((d) => d.event);
  }
}

// What the README tells receivers to do.
function verified(secret: string, d: Delivery): boolean {
  const { t, v1 } = Object.fromEntries(d.signature.split(",").map((p) => p.split("=")));
  const expected = createHmac("sha256", secret).update(`${t}.${d.body}`).digest("hex");
  return expected === v1 && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

let own: OwnServer;
const receiver = new Receiver();
test.beforeAll(async () => {
  test.setTimeout(180_000);
  own = prepareOwnServer(OFFSET, { WEBHOOKS_ALLOW_PRIVATE: "1" });
  await Promise.all([startPatiently(own), receiver.start()]);
});
test.afterAll(async () => {
  await own?.stop();
  own?.remove();
  await receiver.stop().catch(() => {});
});

test("keys and webhooks: the API sees a publish at once, deliveries are signed, survive a receiver outage and kill -9", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("/login?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(OWN_ADMIN.email);
  await page.getByLabel("Password").fill(OWN_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/integrations");
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();

  // A Content API key, shown once.
  const keyForm = page.getByRole("form", { name: "Create API key" });
  await keyForm.getByRole("button", { name: "Create key" }).click();
  await expect(keyForm.getByText("Enter a name.")).toBeVisible();
  await keyForm.getByLabel("Name").fill("Mobile app");
  await keyForm.getByRole("button", { name: "Create key" }).click();
  const key = await keyForm.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^mpc_/);

  // A webhook: refused on a private address is not tested here (the server allows them); see tests/.
  const hookForm = page.getByRole("form", { name: "Add webhook" });
  await hookForm.getByLabel("Name").fill("Partner site");
  await hookForm.getByLabel("Address").fill(`http://127.0.0.1:${receiver.port}/hook`);
  await hookForm.getByRole("button", { name: "Add webhook" }).click();
  const secret = await hookForm.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);

  const api = (path: string) =>
    fetch(`${own.base}/api/content${path}`, { headers: { authorization: `Bearer ${key}` } });
  expect((await api("/stories?limit=1")).status).toBe(200);
  expect((await fetch(`${own.base}/api/content/stories`)).status).toBe(401);
  // The list is kept by the edge (lib/edge/api-answers.ts) before the publish below, which must drop it.
  await expect.poll(async () => (await api("/stories?limit=100")).headers.get("x-newsroom-cache")).toBe("hit");

  // Publish → the API shows it at once, and a signed delivery arrives within 5 s.
  const headline = `Harbour reopens after storm ${uniqueId()}`;
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, body: "Ferries run again." });
  await editor.status("Published").check();
  await editor.submit("Publish");
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/);
  const id = await editor.articleId();
  const listed = await (await api("/stories?limit=100")).json();
  expect(listed.stories.map((s: { headline: string }) => s.headline)).toContain(headline);
  await expect.poll(() => receiver.of(headline), { timeout: 5_000 }).toEqual(["story.published"]);
  expect(verified(secret, receiver.got.at(-1)!)).toBe(true);

  // The receiver goes down for two edits; back up, it gets exactly those, each once, in order.
  await receiver.stop();
  for (const dek of ["First correction.", "Second correction."]) {
    await page.goto(`/admin/articles/${id}`);
    await editor.fill({ dek });
    await editor.submit("Update");
    await expect(page.getByRole("status")).toContainText("Article updated.");
  }
  await page.goto("/admin/integrations");
  await expect(
    page.getByRole("table", { name: "Deliveries of Partner site" }).getByText("Pending").first(),
  ).toBeVisible();
  await receiver.start();
  await expect
    .poll(() => receiver.of(headline), { timeout: 30_000 })
    .toEqual(["story.published", "story.updated", "story.updated"]);
  await page.reload();
  await shot(page, "integrations");

  // Deliveries queued when the server is killed -9 are sent after it starts again.
  await receiver.stop();
  await page.goto(`/admin/articles/${id}`);
  await editor.fill({ dek: "Third correction." });
  await editor.submit("Update");
  await expect(page.getByRole("status")).toContainText("Article updated.");
  await own.kill();
  await receiver.start();
  await startPatiently(own);
  // A delivery the killed process held is taken again once its lease (45 s) lapses.
  await expect
    .poll(() => receiver.of(headline), { timeout: 60_000 })
    .toEqual(["story.published", "story.updated", "story.updated", "story.updated"]);
  expect(new Set(receiver.got.map((d) => d.id)).size).toBe(receiver.got.length);
  for (const d of receiver.got) expect(verified(secret, d)).toBe(true);
});
