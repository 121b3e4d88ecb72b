import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ISTANBUL_SLUG, ReplyFormSection } from "./pages/article-page";
import { uniqueId } from "./support/ids";
import { OWN_ADMIN, prepareOwnServer, type OwnServer } from "./support/own-server";
import { SIGNED_OUT } from "./support/sessions";

// The server as its operator runs it: its own process, its stdout captured, METRICS_TOKEN set, and every
// outgoing connection it opens recorded (e2e/support/record-sockets.mjs). A reader, a commenter and an
// editor go through the site; then the log, the metrics and the connections are examined.
const METRICS_TOKEN = `metrics-${uniqueId()}`;
let own: OwnServer;
let sockets: string;

test.use({ storageState: SIGNED_OUT });
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(process.cwd(), ".sockets-"));
  sockets = path.join(dir, "sockets.jsonl");
  own = prepareOwnServer(77, {
    METRICS_TOKEN,
    LOG_LEVEL: "info",
    RECORD_SOCKETS_TO: sockets,
    NODE_OPTIONS: `--import=${path.resolve("e2e/support/record-sockets.mjs")}`,
  });
  await own.start();
});

test.afterAll(async () => {
  await own?.stop();
  own?.remove();
  if (sockets) fs.rmSync(path.dirname(sockets), { recursive: true, force: true });
});

type LogLine = {
  msg?: string;
  id?: string;
  method?: string;
  path?: string;
  status?: number;
  edge?: string;
  ip?: string;
};

function requestLines(): LogLine[] {
  return own
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.msg === "request");
}

test("reader, commenter and editor: one log line each with its request id, no secret logged, no call home", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The reader.
  const home = await page.goto(`${own.base}/`);
  const homeId = home!.headers()["x-request-id"];
  expect(homeId).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  await page.goto(`${own.base}/articles/${ISTANBUL_SLUG}`);
  await page.goto(`${own.base}/feed.xml`);

  // The commenter: a name, an address and a body that must not reach the log.
  const secretEmail = `reader-${uniqueId()}@private.example`;
  const secretBody = `Confidential remark ${uniqueId()}`;
  const article = new ReplyFormSection(page);
  await page.goto(`${own.base}/articles/${ISTANBUL_SLUG}`);
  await article.fill({ name: "Private Reader", email: secretEmail, comment: secretBody });
  await article.submit.click();
  await expect(page).toHaveURL(/#comment-|#comments/);

  // The editor signs in (a wrong password first), with a query string on the sign-in page.
  await page.goto(`${own.base}/login?callbackUrl=%2Fadmin%3Ftoken%3Dsecret-query`);
  await page.getByLabel("Email").fill(OWN_ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password-xyz");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await page.getByLabel("Password").fill(OWN_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\?token=secret-query$/);
  await page.goto(`${own.base}/admin/articles?q=findme`);
  const session = (await page.context().cookies()).find((c) => c.name.includes("session-token"));
  expect(session?.value.length).toBeGreaterThan(20);

  // One line per request, the id the response carried, the edge's verdict, the client's address. Lines
  // are written in batches, at the latest a second after their request: the last request's line first.
  await expect.poll(() => requestLines().some((l) => l.path === "/admin/articles")).toBe(true);
  const homeLine = requestLines().find((l) => l.id === homeId)!;
  expect(homeLine).toMatchObject({ method: "GET", path: "/", status: 200, ip: "127.0.0.1" });
  expect(["hit", "miss"]).toContain(homeLine.edge);
  const lines = requestLines();
  expect(lines.some((l) => l.path === `/articles/${ISTANBUL_SLUG}` && l.edge === "hit")).toBe(true);
  expect(lines.some((l) => l.method === "POST" && l.path === `/articles/${ISTANBUL_SLUG}`)).toBe(true);
  expect(lines.filter((l) => l.path?.startsWith("/login")).every((l) => l.path === "/login")).toBe(true);

  const log = own.output();
  for (const secret of [
    OWN_ADMIN.password,
    "not-the-password-xyz",
    session!.value,
    secretEmail,
    secretBody,
    "secret-query",
    "findme",
  ])
    expect(log, `the log holds ${secret.slice(0, 12)}…`).not.toContain(secret);

  // No outgoing connection but those configured: with SQLite and no Redis or SMTP, none at all.
  // Allowed: tsx's own IPC pipe (a local Unix socket of the loader the server runs under) and the server's
  // own address (Next fetching its own port); everything else would be a call outside.
  const own_port = String(new URL(own.base).port);
  const recorded = (fs.existsSync(sockets) ? fs.readFileSync(sockets, "utf8").trim().split("\n") : [])
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as { kind: string; host?: string | null; port?: string | number | null; path?: string | null },
    )
    .filter((s) => !(s.path && /\/tsx-\d+\/\d+\.pipe$/.test(s.path)))
    .filter((s) => !(s.kind === "lookup" && s.host === "localhost"))
    .filter((s) => !(["localhost", "127.0.0.1", "::1"].includes(s.host ?? "") && String(s.port) === own_port));
  expect(recorded).toEqual([]);
});

test("/metrics asks for the token, and its figures move", async ({ request }) => {
  expect((await request.get(`${own.base}/metrics`)).status()).toBe(401);
  expect((await request.get(`${own.base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status()).toBe(401);
  const scrape = async () => {
    const response = await request.get(`${own.base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status()).toBe(200);
    return response.text();
  };
  const sample = (text: string, line: RegExp) => Number(line.exec(text)?.[1] ?? 0);
  const readerCount = /^newsroom_http_requests_total\{kind="reader",status="2xx"\} (\d+)/m;
  const hits = /^newsroom_edge_requests_total\{result="hit"\} (\d+)/m;
  const before = await scrape();
  expect(sample(before, /^newsroom_sign_in_failures_total\{reason="invalid"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
  expect(
    sample(before, /^newsroom_comment_decisions_total\{decision="approved"\} (\d+)/m) +
      sample(before, /^newsroom_comment_decisions_total\{decision="pending"\} (\d+)/m),
  ).toBeGreaterThanOrEqual(1);
  expect(before).toMatch(/^newsroom_edge_store_entries [1-9]/m);
  expect(before).toMatch(/^newsroom_db_query_duration_seconds_count\{engine="sqlite"\} [1-9]/m);
  expect(before).toMatch(/^nodejs_eventloop_lag_seconds /m);
  for (let i = 0; i < 3; i++) await request.get(`${own.base}/articles/${ISTANBUL_SLUG}`);
  const after = await scrape();
  expect(sample(after, readerCount)).toBeGreaterThanOrEqual(sample(before, readerCount) + 3);
  expect(sample(after, hits)).toBeGreaterThanOrEqual(sample(before, hits) + 3);
});
