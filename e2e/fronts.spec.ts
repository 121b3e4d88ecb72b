import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./pages/admin-session";
import { ISTANBUL_SLUG, ReplyFormSection } from "./pages/article-page";
import { postUpdate } from "./pages/live-panel";
import { uniqueId } from "./support/ids";
import { OWN_ADMIN, prepareOwnServer, type OwnServer } from "./support/own-server";
import { alive, expectEditOnEach, keptBy, pidOf, readerOnEachWorker, type Reader } from "./support/readers";

// `npm start` with FRONT_PROCESSES=2 (lib/edge/front.ts): two front processes on the port answer readers
// from their copies of the two Next workers' stored pages and pass everything else to a worker over a
// private socket. Only the fronts log requests, so a request id's prefix names the front that answered.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const OFFSET = 90;
let own: OwnServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  own = prepareOwnServer(
    OFFSET,
    { WEB_CONCURRENCY: "2", FRONT_PROCESSES: "2", LOG_LEVEL: "info" },
    undefined,
    "scripts/start.mjs",
  );
  await own.start();
});

test.afterAll(async () => {
  await own?.stop();
  own?.remove();
});

const ISTANBUL = `/articles/${ISTANBUL_SLUG}`;

function articleId(slug: string): { id: number; headline: string } {
  const db = new Database(own.dbPath, { readonly: true });
  try {
    return db.prepare("select id, headline from articles where slug = ?").get(slug) as { id: number; headline: string };
  } finally {
    db.close();
  }
}

/** The Next workers' process ids, from the lines they print when they listen on their sockets. */
function workerPids(): Map<string, number> {
  const pids = new Map<string, number>();
  for (const line of own.output().split("\n")) {
    const socket = /"msg":"Serving on \S*(worker-\d+)\.sock"/.exec(line)?.[1];
    if (socket) pids.set(socket, JSON.parse(line).pid as number);
  }
  return pids;
}

test("an edit saved through a front reaches every front's copy within 1 s", async ({ browser }) => {
  // Each front's copy: handed over by the worker that rendered the new page.
  await expectEditOnEach(browser, own, 2, "(on every front)", (reader, path) => keptBy(own, reader, path));
});

test("a reply without JavaScript goes through a front with the reader's address; a forged address header changes nothing", async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: own.base,
    javaScriptEnabled: false,
    // What an outsider would send to pass for another address: the fronts' own header, and a proxy's.
    extraHTTPHeaders: { "x-newsroom-peer": "203.0.113.9", "x-forwarded-for": "198.51.100.7" },
  });
  const page = await context.newPage();
  await page.goto("/articles/gobekli-tepe-new-enclosure");
  const text = `Through a front ${uniqueId()}`;
  await new ReplyFormSection(page).post({ comment: text, name: "Deniz Aksoy", email: "deniz@example.com" });
  await expect(page).toHaveURL(/#comment-\d+$/);
  await expect(page.getByRole("article", { name: "Comment by Deniz Aksoy" })).toContainText(text);
  const db = new Database(own.dbPath, { readonly: true });
  const stored = db.prepare("select author_ip as ip from comments where body like ?").all(`%${text}%`);
  db.close();
  expect(stored).toEqual([{ ip: "127.0.0.1" }]);
  await context.close();
});

test("a live update posted through a front reaches a reader's open page within 2 s", async ({ browser }) => {
  const { id } = articleId("eu-migration-pact-brussels");
  const editorContext = await browser.newContext({ baseURL: own.base });
  const editor = await editorContext.newPage();
  await signIn(editor, OWN_ADMIN);
  await editor.goto(`/admin/articles/${id}`);
  const toggle = editor.getByRole("switch", { name: "Live coverage" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  const readerContext = await browser.newContext({ baseURL: own.base });
  const reader = await readerContext.newPage();
  await reader.goto("/articles/eu-migration-pact-brussels");
  await expect(reader.getByRole("heading", { name: /Live updates/ })).toBeVisible();
  await postUpdate(editor, "Ministers reach a deal after midnight.");
  await expect(reader.getByRole("button", { name: "1 new update" })).toBeVisible({ timeout: 2_000 });
  await editorContext.close();
  await readerContext.close();
});

test("a front killed with SIGKILL is replaced and answers from its own copies again; the other answers meanwhile", async () => {
  const readers = await readerOnEachWorker(own, 2);
  const [victim, survivor] = readers;
  const pid = await pidOf(own, victim.worker);
  process.kill(pid, "SIGKILL");
  await expect.poll(() => alive(pid)).toBe(false);
  expect((await survivor.get(ISTANBUL)).status).toBe(200);
  let after: Reader[] = [];
  await expect(async () => {
    after = await readerOnEachWorker(own, 2);
  }).toPass({ timeout: 60_000 });
  expect(after.map((r) => r.worker)).toContain(survivor.worker);
  const replacement = after.find((r) => r.worker !== survivor.worker)!;
  expect(replacement.worker).not.toBe(victim.worker);
  // Its store starts empty: a worker answers it from its own store and hands the copy over.
  expect(await keptBy(own, replacement, ISTANBUL)).toContain("<h1");
  [...readers, ...after].forEach((r) => r.close());
});

test("a Next worker killed with SIGKILL: readers are answered meanwhile, and a new worker takes its socket", async () => {
  const before = workerPids();
  expect([...before.keys()].sort()).toEqual(["worker-0", "worker-1"]);
  const victim = before.get("worker-0")!;
  process.kill(victim, "SIGKILL");
  await expect.poll(() => alive(victim)).toBe(false);
  // A stored page from the fronts, and a page no front holds (a search), from the worker still running.
  for (let i = 0; i < 6; i++) {
    expect((await fetch(`${own.base}${ISTANBUL}`)).status).toBe(200);
    expect((await fetch(`${own.base}/search?q=${uniqueId()}`)).status).toBe(200);
  }
  await expect.poll(() => workerPids().get("worker-0"), { timeout: 90_000 }).not.toBe(victim);
  const replaced = workerPids().get("worker-0")!;
  // Each front takes its workers in turn: every request reaches one that runs.
  for (let i = 0; i < 8; i++) expect((await fetch(`${own.base}/search?q=${uniqueId()}`)).status).toBe(200);
  expect(alive(replaced)).toBe(true);
});

test("SIGTERM stops the fronts and the workers", async () => {
  const fronts = await readerOnEachWorker(own, 2);
  const pids = [...(await Promise.all(fronts.map((r) => pidOf(own, r.worker)))), ...workerPids().values()];
  fronts.forEach((r) => r.close());
  expect(await own.stop()).toBe(0);
  for (const pid of pids) expect(alive(pid)).toBe(false);
});
