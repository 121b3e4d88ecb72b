import { expect, test } from "@playwright/test";
import { prepareOwnServer, type OwnServer } from "./support/own-server";
import { alive, expectEditOnEach, pidOf, readerOnEachWorker as onEach, storedOn, type Reader } from "./support/readers";

// `npm start` on a machine with several cores (WEB_CONCURRENCY=2 here, whatever this one has): a primary
// and two workers on one port and one SQLite file, without Redis (e2e/support/readers.ts reads from
// each worker).
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

const readerOnEachWorker = (count: number) => onEach(own, count);

test("an edit saved through one worker reaches the stored pages of every worker within 1 s", async ({ browser }) => {
  await expectEditOnEach(browser, own, 2, "(on every worker)", storedOn);
});

test("a worker killed with SIGKILL is replaced, and the site answers meanwhile", async () => {
  const readers = await readerOnEachWorker(2);
  const [victim, survivor] = readers;
  const pid = await pidOf(own, victim.worker);
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
  const pids = await Promise.all(first.map((r) => pidOf(own, r.worker)));
  first.forEach((r) => r.close());
  expect(await own.stop()).toBe(0);
  for (const pid of pids) expect(alive(pid)).toBe(false);

  await own.start();
  const second = await readerOnEachWorker(2);
  const orphans = await Promise.all(second.map((r) => pidOf(own, r.worker)));
  second.forEach((r) => r.close());
  await own.kill();
  // Their primary gone, the workers stop by themselves: the port is free for the next start.
  await expect.poll(() => orphans.filter(alive), { timeout: 20_000 }).toEqual([]);
  await own.start();
  expect((await fetch(`${own.base}/`)).status).toBe(200);
});
