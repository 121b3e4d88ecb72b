import http from "node:http";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { signIn } from "./pages/admin-session";
import { ISTANBUL_SLUG } from "./pages/article-page";
import { OWN_ADMIN, prepareOwnServer, type OwnServer } from "./support/own-server";

// `npm start` on a machine with several cores (WEB_CONCURRENCY=2 here, whatever this one has): a primary
// and two workers on one port and one SQLite file, without Redis. A reader's keep-alive connection stays
// with the worker that accepted it, and each worker's request ids share a prefix of their own, so a test
// can read "from" each worker and tell them apart, as nothing else from outside can.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const OFFSET = 80;
let own: OwnServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  own = prepareOwnServer(OFFSET, { WEB_CONCURRENCY: "2", LOG_LEVEL: "info" }, undefined, "scripts/start.mjs");
  await own.start();
});

test.afterAll(async () => {
  await own?.stop();
  own?.remove();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A reader on one kept-alive connection (so always the same worker). */
function connection(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<Answer>((resolve, reject) => {
      http
        .get(`${base}${path}`, { agent, headers: { "accept-encoding": "identity" } }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on("error", reject);
    });
  return { get, close: () => agent.destroy() };
}

type Reader = ReturnType<typeof connection> & { worker: string };

const workerOf = (answer: Answer) => String(answer.headers["x-request-id"]).split("-")[0];

/** One reader per worker: new connections until each worker has one. */
async function readerOnEachWorker(count: number): Promise<Reader[]> {
  const readers = new Map<string, Reader>();
  for (let tries = 0; readers.size < count && tries < 40; tries++) {
    const reader = connection(own.base);
    const worker = workerOf(await reader.get("/api/health"));
    if (readers.has(worker)) reader.close();
    else readers.set(worker, { ...reader, worker });
  }
  if (readers.size < count) readers.forEach((r) => r.close());
  expect(readers.size, "connections reached this many workers").toBe(count);
  return [...readers.values()];
}

/** The worker's process id, from its request log lines (the id's prefix is that process's). */
async function pidOf(worker: string): Promise<number> {
  // The log is written in batches: the line may come a moment after its response.
  const line = () =>
    own
      .output()
      .split("\n")
      .find((l) => l.includes(`"id":"${worker}-`));
  await expect.poll(line, { message: `a request line of worker ${worker}` }).toBeTruthy();
  return JSON.parse(line()!).pid as number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function storedOn(reader: Reader, path: string): Promise<string> {
  let body = "";
  await expect(async () => {
    const answer = await reader.get(path);
    expect(answer.headers["x-newsroom-cache"]).toBe("hit");
    expect(workerOf(answer)).toBe(reader.worker);
    body = answer.body;
  }).toPass({ timeout: 15_000 });
  return body;
}

test("an edit saved through one worker reaches the stored pages of every worker within 1 s", async ({ browser }) => {
  const path = `/articles/${ISTANBUL_SLUG}`;
  const before = await readerOnEachWorker(2);
  for (const reader of before) expect(await storedOn(reader, path)).not.toContain("(on every worker)");
  const workers = before.map((r) => r.worker).sort();
  before.forEach((r) => r.close());

  const db = new Database(own.dbPath, { readonly: true });
  const { id, headline } = db.prepare("select id, headline from articles where slug = ?").get(ISTANBUL_SLUG) as {
    id: number;
    headline: string;
  };
  db.close();
  const context = await browser.newContext({ baseURL: own.base });
  const page = await context.newPage();
  await signIn(page, OWN_ADMIN);
  const editor = new ArticleEditorPage(page);
  await page.goto(`/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (on every worker)` });
  await editor.submit("Update");
  await editor.expectToast("Article updated.");
  const saved = Date.now();

  // New connections (the server closes one idle for 5 s): the same two workers, each asked at once.
  const after = await readerOnEachWorker(2);
  expect(after.map((r) => r.worker).sort()).toEqual(workers);
  for (const reader of after) {
    for (;;) {
      const answer = await reader.get(path);
      expect(workerOf(answer)).toBe(reader.worker);
      if (answer.body.includes("(on every worker)")) break;
      expect(Date.now() - saved, `worker ${reader.worker} still serves the old page`).toBeLessThan(1_000);
    }
    expect(await storedOn(reader, path)).toContain("(on every worker)");
  }
  await context.close();
  after.forEach((r) => r.close());
});

test("a worker killed with SIGKILL is replaced, and the site answers meanwhile", async () => {
  const readers = await readerOnEachWorker(2);
  const [victim, survivor] = readers;
  const pid = await pidOf(victim.worker);
  process.kill(pid, "SIGKILL");
  await expect.poll(() => alive(pid)).toBe(false);
  expect((await survivor.get("/")).status).toBe(200);
  // A new worker (a new id prefix) beside the one that was never touched, once it has started.
  let after: Reader[] = [];
  await expect(async () => {
    after = await readerOnEachWorker(2);
  }).toPass({ timeout: 90_000 });
  expect(after.map((r) => r.worker)).toContain(survivor.worker);
  expect(after.map((r) => r.worker)).not.toContain(victim.worker);
  [...readers, ...after].forEach((r) => r.close());
});

test("SIGTERM stops every worker, and a primary killed with SIGKILL leaves no worker holding the port", async () => {
  const first = await readerOnEachWorker(2);
  const pids = await Promise.all(first.map((r) => pidOf(r.worker)));
  first.forEach((r) => r.close());
  expect(await own.stop()).toBe(0);
  for (const pid of pids) expect(alive(pid)).toBe(false);

  await own.start();
  const second = await readerOnEachWorker(2);
  const orphans = await Promise.all(second.map((r) => pidOf(r.worker)));
  second.forEach((r) => r.close());
  await own.kill();
  // Their primary gone, the workers stop by themselves: the port is free for the next start.
  await expect.poll(() => orphans.filter(alive), { timeout: 20_000 }).toEqual([]);
  await own.start();
  expect((await fetch(`${own.base}/`)).status).toBe(200);
});
