import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import sharp from "sharp";
import { createScratchDatabase } from "../tests/support/scratch-postgres";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { signIn } from "./pages/admin-session";
import { ArticlePage, ISTANBUL_SLUG, ReplyFormSection } from "./pages/article-page";

// The site on PostgreSQL, started the way an operator starts it: `npm start` (scripts/start.mjs) with
// DATABASE_URL naming a fresh, empty database, which it migrates, seeds and gives its first
// administrator. Needs a PostgreSQL server: TEST_DATABASE_URL, as for the *.pg.test.ts suites
// (playwright.config.ts runs *.pg.spec.ts only when it is set, and says so when it is not).

const PORT = Number(process.env.E2E_PORT || 3100) + 70;
const base = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "pg-admin@example.com", password: "postgres admin password 1" };

test.describe("the site on PostgreSQL", () => {
  test.describe.configure({ mode: "serial" });

  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ChildProcess;
  let dataDir: string;
  let output = "";

  test.beforeAll(async () => {
    // Migrating, seeding and (when the sources changed) building all happen in this start.
    test.setTimeout(600_000);
    scratch = await createScratchDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-pg-"));
    server = spawn(process.execPath, ["scripts/start.mjs"], {
      env: {
        ...process.env,
        DATABASE_URL: scratch.url,
        PORT: String(PORT),
        DATA_DIR: dataDir,
        DATABASE_PATH: path.join(dataDir, "unused.db"),
        SITE_URL: base,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TRUST_PROXY: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (chunk) => (output += chunk));
    server.stderr!.on("data", (chunk) => (output += chunk));
    await expect(async () => {
      expect(server.exitCode, output).toBeNull();
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    }).toPass({ timeout: 590_000 });
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await scratch?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("health says the database is up, and nothing was written to SQLite", async () => {
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    // Backups on PostgreSQL are pg_dump's, so the site knows no backup age.
    expect(await response.json()).toEqual({ status: "ok", backupAgeSeconds: null });
    expect(fs.existsSync(path.join(dataDir, "unused.db"))).toBe(false);
  });

  test("the front page lists the seeded stories and an article shows its comments", async ({ page }) => {
    await page.goto(`${base}/`);
    const story = page
      .getByRole("main")
      .getByRole("link", { name: /prisoners/i })
      .first();
    await expect(story).toBeVisible();
    await story.click();
    await expect(page).toHaveURL(new RegExp(`/articles/${ISTANBUL_SLUG}$`));
    const article = new ArticlePage(page);
    await article.expectLoaded(/prisoner/i);
    await expect(article.comment("Selin Kaya")).toContainText("a thousand prisoners going home");
    await expect(article.comment("Tomasz Nowak")).toBeVisible();
  });

  test("a comment posted without JavaScript is stored in PostgreSQL", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false });
    const page = await context.newPage();
    const article = new ArticlePage(page);
    await article.goto(ISTANBUL_SLUG);
    const text = `Posted on PostgreSQL ${Date.now().toString(36)}`;
    await new ReplyFormSection(page).post({ comment: text, name: "Deniz Acar", email: "deniz@example.org" });
    await expect(page).toHaveURL(new RegExp(`/articles/${ISTANBUL_SLUG}#comment-\\d+$`));
    await expect(article.comment("Deniz Acar")).toContainText("Your comment is awaiting moderation.");
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const stored = await client.query("select author_name, status from comments where body = $1", [text]);
      expect(stored.rows).toEqual([{ author_name: "Deniz Acar", status: "pending" }]);
    } finally {
      await client.end();
    }
    await context.close();
  });

  test("the administrator created at first start signs in and uploads an image, stored in PostgreSQL", async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await signIn(page, ADMIN, "/admin");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    await editor.fill({ headline: `Harbour at dawn ${Date.now().toString(36)}`, body: "With a picture." });
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    await editor.form
      .getByLabel("Upload image")
      .setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: png });
    await editor.form.getByLabel("Alt text").fill("The harbour at dawn");
    await editor.submit("Save draft");
    await editor.articleId();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    let name: string;
    try {
      const stored = await client.query("select name, content_type from upload_files");
      expect(stored.rows).toEqual([{ name: expect.stringMatching(/^[a-f0-9]{32}\.png$/), content_type: "image/png" }]);
      name = stored.rows[0].name;
    } finally {
      await client.end();
    }
    const served = await page.request.get(`/uploads/${name}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await sharp(await served.body()).metadata()).width).toBe(64);
    expect(fs.existsSync(path.join(dataDir, "uploads"))).toBe(false);
    expect((await page.request.get("/uploads/0123456789abcdef0123456789abcdef.png")).status()).toBe(404);
    await context.close();
  });
});
