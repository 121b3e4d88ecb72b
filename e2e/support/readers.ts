import http from "node:http";
import Database from "better-sqlite3";
import { expect, type Browser } from "@playwright/test";
import { ArticleEditorPage } from "../pages/admin-article-editor";
import { signIn } from "../pages/admin-session";
import { ISTANBUL_SLUG } from "../pages/article-page";
import { OWN_ADMIN, type OwnServer } from "./own-server";

// Readers of a server of several processes on one port (`npm start` with a worker per core, or with
// front processes): a keep-alive connection stays with the process that accepted it, and each process's
// request ids share a prefix of its own, so a test can read "from" each one and tell them apart, as
// nothing else from outside can.

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A reader on one kept-alive connection (so always the same process). */
export function connection(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string, headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<Answer>((resolve, reject) => {
      http
        .get(`${base}${path}`, { agent, headers: { "accept-encoding": "identity", ...headers } }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on("error", reject);
    });
  return { get, close: () => agent.destroy() };
}

export type Reader = ReturnType<typeof connection> & { worker: string };

/** The process that answered: its request ids' prefix. */
export const workerOf = (answer: Answer) => String(answer.headers["x-request-id"]).split("-")[0];

/** One reader per process taking the port: new connections until each has one. */
export async function readerOnEachWorker(own: OwnServer, count: number): Promise<Reader[]> {
  const readers = new Map<string, Reader>();
  for (let tries = 0; readers.size < count && tries < 40; tries++) {
    const reader = connection(own.base);
    const worker = workerOf(await reader.get("/api/health"));
    if (readers.has(worker)) reader.close();
    else readers.set(worker, { ...reader, worker });
  }
  if (readers.size < count) readers.forEach((r) => r.close());
  expect(readers.size, "connections reached this many processes").toBe(count);
  return [...readers.values()];
}

/** The process id behind a request id prefix, from its request log lines. */
export async function pidOf(own: OwnServer, worker: string): Promise<number> {
  // The log is written in batches: the line may come a moment after its response.
  const line = () =>
    own
      .output()
      .split("\n")
      .find((l) => l.includes(`"id":"${worker}-`));
  await expect.poll(line, { message: `a request line of ${worker}` }).toBeTruthy();
  return JSON.parse(line()!).pid as number;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The page as `reader` gets it once its process answers it from its store. */
export async function storedOn(reader: Reader, path: string): Promise<string> {
  let body = "";
  await expect(async () => {
    const answer = await reader.get(path);
    expect(answer.headers["x-newsroom-cache"]).toBe("hit");
    expect(workerOf(answer)).toBe(reader.worker);
    body = answer.body;
  }).toPass({ timeout: 15_000 });
  return body;
}

/** The request log line of the answer with this request id, once it has been written. */
export async function logLineOf(own: OwnServer, id: string): Promise<{ edge: string; pid: number; path: string }> {
  const find = () =>
    own
      .output()
      .split("\n")
      .find((l) => l.includes(`"id":"${id}"`));
  await expect.poll(find, { message: `the request line of ${id}` }).toBeTruthy();
  return JSON.parse(find()!);
}

/**
 * The page as `reader` gets it once the process that took its connection answers it from its own
 * store, as its request line says (a front's answer passed on from a worker's store says "miss").
 */
export async function keptBy(own: OwnServer, reader: Reader, path: string): Promise<string> {
  let body = "";
  await expect(async () => {
    const answer = await reader.get(path);
    expect(workerOf(answer)).toBe(reader.worker);
    expect((await logLineOf(own, String(answer.headers["x-request-id"]))).edge).toBe("hit");
    body = answer.body;
  }).toPass({ timeout: 15_000 });
  return body;
}

/**
 * An editor adds `mark` to the Istanbul story's headline; every one of the `count` processes taking the
 * port (asked at once on new connections: the server closes one idle for 5 s) then serves the new page
 * within 1 s, and `kept` says when a process answers it from its own store again.
 */
export async function expectEditOnEach(
  browser: Browser,
  own: OwnServer,
  count: number,
  mark: string,
  kept: (reader: Reader, path: string) => Promise<string>,
): Promise<void> {
  const path = `/articles/${ISTANBUL_SLUG}`;
  const before = await readerOnEachWorker(own, count);
  for (const reader of before) expect(await kept(reader, path)).not.toContain(mark);
  const processes = before.map((r) => r.worker).sort();
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
  await editor.fill({ headline: `${headline} ${mark}` });
  await editor.submit("Update");
  await editor.expectToast("Article updated.");
  const saved = Date.now();

  const after = await readerOnEachWorker(own, count);
  expect(after.map((r) => r.worker).sort()).toEqual(processes);
  for (const reader of after) {
    for (;;) {
      const answer = await reader.get(path);
      expect(workerOf(answer)).toBe(reader.worker);
      if (answer.body.includes(mark)) break;
      expect(Date.now() - saved, `${reader.worker} still serves the old page`).toBeLessThan(1_000);
    }
    expect(await kept(reader, path)).toContain(mark);
  }
  await context.close();
  after.forEach((r) => r.close());
}
