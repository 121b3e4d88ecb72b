import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { ISTANBUL_SLUG } from "./pages/article-page";
import { OWN_ADMIN, prepareOwnServer, type OwnServer } from "./support/own-server";

// The request edge on a server of this file's own, started as `npm start` starts it but WITHOUT
// TRUST_PROXY (the shared e2e server trusts X-Forwarded-For so that each test can be its own client).
test.describe.configure({ mode: "serial" });

const TOO_MANY = "Too many failed sign-in attempts. Please wait 15 minutes and try again.";
let own: OwnServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  own = prepareOwnServer(60);
  await own.start();
});

test.afterAll(async () => {
  await own?.stop();
  own?.remove();
});

function db<T>(fn: (db: Database.Database) => T): T {
  const connection = new Database(own.dbPath);
  connection.pragma("busy_timeout = 5000");
  try {
    return fn(connection);
  } finally {
    connection.close();
  }
}

async function addUser(email: string, password: string) {
  const hash = await hashPassword(password);
  db((d) =>
    d
      .prepare("insert into users (email, name, role, password_hash) values (?, ?, 'author', ?)")
      .run(email, email.split("@")[0], hash),
  );
}

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("without TRUST_PROXY, no X-Forwarded-For lets a guesser past the sign-in lockout, even posted to /login?page=1", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const user = { email: `guessed-${Date.now()}@example.com`, password: "the right password 1" };
  await addUser(user.email, user.password);
  await page.goto(`${own.base}/login?page=1`);
  for (let i = 0; i < 6; i++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${10 + i}` });
    await signInWithForm(page, user.email, `wrong ${i}`);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(i < 5 ? "Invalid email or password." : TOO_MANY);
  }
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.99", "x-newsroom-client-ip": "203.0.113.98" });
  await signInWithForm(page, user.email, user.password);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(TOO_MANY);
  await expect(page).toHaveURL(/\/login/);
});

test("without TRUST_PROXY, url-encoded posts to the sign-in endpoint (no next-action, no multipart) cannot choose the IP either", async ({
  request,
}) => {
  test.setTimeout(60_000);
  const user = { email: `urlencoded-${Date.now()}@example.com`, password: "the right password 2" };
  await addUser(user.email, user.password);
  const signIn = async (password: string, ip: string) => {
    const { csrfToken } = (await (await request.get(`${own.base}/api/auth/csrf`)).json()) as { csrfToken: string };
    const response = await request.post(`${own.base}/api/auth/callback/credentials?page=1`, {
      form: { email: user.email, password, csrfToken, json: "true" },
      headers: { "x-forwarded-for": ip, "x-newsroom-client-ip": ip },
      maxRedirects: 0,
    });
    expect(response.headers()["next-action"]).toBeUndefined();
    return (response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie") ?? [])
      .map((h) => h.value)
      .some((c) => c.startsWith("next-auth.session-token="));
  };
  // The endpoint works: the right password signs in.
  expect(await signIn(user.password, "198.51.100.1")).toBe(true);
  for (let i = 0; i < 6; i++) expect(await signIn(`wrong ${i}`, `198.51.100.${20 + i}`)).toBe(false);
  expect(await signIn(user.password, "198.51.100.50")).toBe(false);
});

test("security headers on a reader page, a cache hit, the newsroom, an upload and a 404", async ({ page, request }) => {
  const name = "0123456789abcdef0123456789abcdef.png";
  fs.mkdirSync(path.join(own.dataDir, "uploads"), { recursive: true });
  fs.writeFileSync(
    path.join(own.dataDir, "uploads", name),
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
      "base64",
    ),
  );
  const expectHeaders = (headers: Record<string, string>, what: string) => {
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], what).toContain("camera=()");
    expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], what).toContain("object-src 'none'");
    expect(headers["content-security-policy"], what).toContain("base-uri 'self'");
    expect(headers["content-security-policy"], what).toContain("form-action 'self'");
  };
  const article = `${own.base}/articles/${ISTANBUL_SLUG}`;
  expectHeaders((await request.get(article)).headers(), "reader page");
  await expect(async () => {
    const hit = await request.get(article);
    expect(hit.headers()["x-newsroom-cache"]).toBe("hit");
    expectHeaders(hit.headers(), "cache hit");
  }).toPass({ timeout: 5_000 });
  const upload = await request.get(`${own.base}/uploads/${name}`);
  expect(upload.status()).toBe(200);
  expectHeaders(upload.headers(), "upload");
  const missing = await request.get(`${own.base}/articles/no-such-story-${Date.now()}`);
  expect(missing.status()).toBe(404);
  expectHeaders(missing.headers(), "404");

  await page.goto(`${own.base}/login?callbackUrl=%2Fadmin`);
  await signInWithForm(page, OWN_ADMIN.email, OWN_ADMIN.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const admin = await page.request.get(`${own.base}/admin`);
  expect(admin.status()).toBe(200);
  expectHeaders(admin.headers(), "newsroom");
  // The policy lets the site's own scripts run: the newsroom works with it (no CSP violation stops it).
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${own.base}/admin/articles/new`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto(article);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("prisoners");
  expect(violations).toEqual([]);
});

test("an oversized comment is refused with 413 before the app reads it, and nothing is stored", async ({ request }) => {
  const count = () => db((d) => (d.prepare("select count(*) as n from comments").get() as { n: number }).n);
  const before = count();
  const response = await request.post(`${own.base}/articles/${ISTANBUL_SLUG}`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `comment=${"x".repeat(2 * 1024 * 1024)}&author=A&email=a%40example.com`,
  });
  expect(response.status()).toBe(413);
  expect((await response.body()).length).toBeLessThan(100);
  expect(count()).toBe(before);
});

test("health answers 200, 503 when a migration is missing, and SIGTERM finishes in-flight requests and exits", async () => {
  test.setTimeout(60_000);
  const health = async () => {
    const r = await fetch(`${own.base}/api/health`);
    expect(r.headers.get("cache-control")).toBe("no-store");
    return r.status;
  };
  expect(await health()).toBe(200);
  const removed = db((d) => {
    const last = d.prepare("select * from __drizzle_migrations order by created_at desc limit 1").get() as Record<
      string,
      unknown
    >;
    d.prepare("delete from __drizzle_migrations where created_at = ?").run(last.created_at);
    return last;
  });
  expect(await health()).toBe(503);
  db((d) =>
    d
      .prepare(
        `insert into __drizzle_migrations (${Object.keys(removed).join(", ")}) values (${Object.keys(removed)
          .map(() => "?")
          .join(", ")})`,
      )
      .run(...Object.values(removed)),
  );
  expect(await health()).toBe(200);

  // A first render in flight when the stop comes is answered in full; then the process exits by itself.
  let sent!: () => void;
  const requestSent = new Promise<void>((resolve) => (sent = resolve));
  const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(`${own.base}/search?q=istanbul`, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("finish", sent);
    req.on("error", reject);
  });
  await requestSent;
  const started = Date.now();
  const code = await own.stop();
  const answered = await inFlight;
  expect(answered.status).toBe(200);
  expect(answered.body).toContain("</html>");
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  // SQLite checkpointed and removed its WAL on the last close.
  expect(fs.existsSync(`${own.dbPath}-wal`)).toBe(false);
});
