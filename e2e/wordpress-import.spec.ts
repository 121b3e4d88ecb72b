import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { E2E_DATABASE_PATH } from "../playwright.config";
import { shot } from "./pages/admin-session";
import { openSession } from "./support/sessions";

const root = path.resolve(import.meta.dirname, "..");
const FIXTURE = path.join(root, "tests/fixtures/wordpress/export.xml");
const UPLOADS = path.join(root, "tests/fixtures/wordpress/uploads");
const STORY = "/articles/ferry-timetable-summer";

test("an administrator imports a WordPress export; readers find the stories, threads and old links", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await openSession(page.context(), "wordpress-import");
  await page.goto("/admin/import");
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import from WordPress" })).toBeVisible();

  const form = page.getByRole("form", { name: "Import a WordPress export" });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByText("Choose the export file (.xml) WordPress wrote.").first()).toBeVisible();

  await form.getByLabel("WordPress export file").setInputFiles(FIXTURE);
  await form.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Import finished" })).toContainText(
    /Import finished: \d+ new, \d+ updated, \d+ unchanged articles\./,
  );
  const summary = page.getByLabel("Import summary");
  await expect(summary).toContainText("Harbour Gazette — https://harbourgazette.example");
  await expect(summary).toContainText("article 104 ferry-timetable-summer → ferry-timetable-summer-2");
  await expect(summary).toContainText("comments by status: approved 4");
  await shot(page, "admin-import-summary");

  // A reader, signed out.
  const reader = await browser.newPage();
  await reader.goto(STORY);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("Ferry timetable changes for summer");
  await expect(reader.getByRole("link", { name: "Ayşe Demir" }).first()).toBeVisible();
  const parent = reader.locator("li", { has: reader.getByRole("article", { name: "Comment by Mehmet Yılmaz" }) });
  await expect(parent.getByText("Thanks Mehmet, the 06:40 boat starts on 1 June.")).toBeVisible();
  // Pending, spam and trashed comments are not shown to readers.
  await expect(reader.getByRole("article", { name: /^Comment by/ })).toHaveCount(4);

  // Old links: a permanent redirect to where the story is now; an unknown one is still a 404.
  const byId = await request.get("/?p=101", { maxRedirects: 0 });
  expect(byId.status()).toBe(301);
  expect(byId.headers().location).toBe(STORY);
  await reader.goto("/2024/05/14/ferry-timetable-summer/");
  await expect(reader).toHaveURL(STORY);
  // A post-name permalink has a section's shape: looked up when no section has that slug.
  await reader.goto("/ferry-timetable-summer/");
  await expect(reader).toHaveURL(STORY);
  await reader.goto("/category/news/harbour/");
  await expect(reader).toHaveURL(/\/harbour$/);
  expect((await request.get("/?p=987654", { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get("/2019/01/never-was-here/", { maxRedirects: 5 })).status()).toBe(404);

  // The command line, in its own process, adds the images from the uploads folder; the server's cached
  // story page is dropped once the import ends, and the reader sees the copies.
  await reader.goto(STORY);
  const bodyImage = reader.getByRole("figure", { name: "The quay at dawn. Photo: Kaan" }).getByRole("img");
  await expect(bodyImage).toHaveAttribute("src", /harbourgazette/);
  const env = { ...process.env, DATABASE_PATH: E2E_DATABASE_PATH, DATA_DIR: path.dirname(E2E_DATABASE_PATH) };
  const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
  const cli = await promisify(execFile)(
    process.execPath,
    [tsx, "--conditions=react-server", "scripts/import-wordpress.ts", FIXTURE, "--uploads", UPLOADS],
    { cwd: root, env },
  );
  expect(cli.stdout).toMatch(/images +3 new/);
  await expect(async () => {
    await reader.goto(STORY);
    await expect(bodyImage).toHaveAttribute("src", /^\/uploads\/[a-f0-9]{32}\.jpg$/, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  // The featured image, from the attachment, is the copy too.
  await expect(reader.getByRole("figure", { name: "Fishing boats at the quay" }).getByRole("img")).toHaveAttribute(
    "src",
    /uploads%2F[a-f0-9]{32}\.jpg/,
  );
  const image = await request.get((await bodyImage.getAttribute("src"))!);
  expect(image.headers()["content-type"]).toBe("image/jpeg");
});
