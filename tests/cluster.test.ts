import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWriteTurns, runPrimary, type Primary } from "@/lib/cluster/primary";

// Real worker processes (tests/fixtures/cluster-worker.ts) forked by the primary `npm start` runs on a
// machine with several cores, talking over node:cluster's IPC channel as server.ts's workers do.
type Report = { test: string; worker: number; id?: number; value?: unknown; message?: unknown };

let primary: Primary;
const reports: Report[] = [];
let nextId = 1;

beforeAll(async () => {
  cluster.on("message", (_worker, message: Report) => {
    if (message?.test) reports.push(message);
  });
  // Port 0: every worker of a cluster is handed the same free port.
  process.env.PORT = "0";
  process.env.API_RATE_LIMIT_PER_MINUTE = "600";
  // One SQLite file for all of them, as `npm start` has.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-cluster-"));
  process.env.DATABASE_PATH = path.join(dir, "news.db");
  const file = new Database(process.env.DATABASE_PATH);
  file.pragma("journal_mode = WAL");
  file.exec("create table writes (n integer not null unique, worker integer not null)");
  file.close();
  primary = runPrimary({
    count: 3,
    entry: path.join(import.meta.dirname, "fixtures", "cluster-worker.ts"),
    execArgv: ["--import", "tsx"],
  });
  await primary.ready;
}, 60_000);

afterAll(async () => {
  await primary?.stop();
});

const workerAt = (index: number): Worker => primary.workers()[index];

async function command(index: number, test: string, value?: unknown): Promise<unknown> {
  const id = nextId++;
  workerAt(index).send({ test, value, id });
  await expect.poll(() => reports.some((r) => r.id === id), { timeout: 10_000 }).toBe(true);
  return reports.find((r) => r.id === id)!.value;
}

const heard = (kind: string, marker: unknown) =>
  reports.filter((r) => r.test === kind && JSON.stringify(r.message).includes(JSON.stringify(marker)));
/** The workers that heard `marker` on `kind`, in order, one entry per hearing. */
const heardBy = (kind: string, marker: unknown) =>
  heard(kind, marker)
    .map((r) => r.worker)
    .sort();

describe("the workers of one server, without Redis", () => {
  it("hear every invalidation one of them publishes, each exactly once", async () => {
    const tag = `story:${Date.now()}`;
    await command(1, "publish", { tags: [tag], at: 1234 });
    await expect.poll(() => heardBy("heard", tag)).toEqual([0, 1, 2]);
    // The publisher applied it itself at once and never hears it back.
    expect(heard("heard", tag).find((r) => r.worker === 1)!.message).toEqual({ tags: [tag], at: 1234 });
  });

  it("date another worker's invalidation by its arrival, so what they rendered before it arrived is stale", async () => {
    // Dated 1234 by its sender: a page another worker began rendering from its stale cache while the
    // message was on its way would be dated later than that, and kept with the old content.
    const tag = `story:${Date.now()}`;
    const sent = Date.now();
    await command(0, "publish", { tags: [tag], at: 1234 });
    await expect.poll(() => heardBy("heard", tag)).toEqual([0, 1, 2]);
    const dates = heard("heard", tag).map((r) => [r.worker, (r.message as { at: number }).at] as const);
    expect(dates.find(([worker]) => worker === 0)![1]).toBe(1234);
    for (const [, at] of dates.filter(([worker]) => worker !== 0)) expect(at).toBeGreaterThanOrEqual(sent);
  });

  it("fan a live update out to every worker's streams once", async () => {
    const data = JSON.stringify({ marker: `live-${Date.now()}` });
    await command(2, "publish-live", { articleId: 5, at: 99, data });
    await expect.poll(() => heardBy("heard-live", data)).toEqual([0, 1, 2]);
  });

  it("count an API key's requests once for the whole machine", async () => {
    const remaining: number[] = [];
    for (const index of [0, 1, 2, 0, 1, 2])
      remaining.push(((await command(index, "rate")) as { remaining: number }).remaining);
    // One window across the workers: each request leaves one fewer, whichever worker took it.
    expect(remaining).toEqual(remaining.map((_, i) => remaining[0] - i));
  });

  it("serve the metrics of all of them, summed", async () => {
    const before = await command(1, "metrics");
    const count = (text: unknown) =>
      Number(/newsroom_http_requests_total\{kind="reader",status="2xx"\} (\d+)/.exec(String(text))?.[1] ?? 0);
    await command(0, "count", 2);
    await command(1, "count", 3);
    await command(2, "count", 4);
    expect(count(await command(2, "metrics"))).toBe(count(before) + 9);
  });

  it("write to one SQLite file in turn: every transaction alone, none lost", async () => {
    await Promise.all([0, 1, 2].map((index) => command(index, "write", 150)));
    const file = new Database(process.env.DATABASE_PATH!, { readonly: true });
    const rows = file.prepare("select n, worker from writes order by n").all() as { n: number; worker: number }[];
    file.close();
    // Numbered 1…450 without a gap or a repeat (the column is unique), by all three workers.
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.worker))).toEqual(new Set([0, 1, 2]));
  }, 60_000);

  it("a worker that dies is replaced under its index, and the sweep resumes where it left off", async () => {
    const mark = Date.now() - 5_000;
    await command(0, "swept", mark);
    const before = workerAt(0);
    const replaced = new Promise<Worker>((resolve) => cluster.once("listening", resolve));
    before.process.kill("SIGKILL");
    expect(await replaced).toBe(workerAt(0));
    expect(workerAt(0)).not.toBe(before);
    expect(await command(0, "sweep-start")).toBe(mark);
    // The replacement is on the bus with the others.
    const tag = `after-restart:${Date.now()}`;
    await command(2, "publish", { tags: [tag], at: 1 });
    await expect.poll(() => heardBy("heard", tag)).toEqual([0, 1, 2]);
  }, 60_000);
});

describe("SQLite's write turns in the primary", () => {
  const [a, b, c] = ["a", "b", "c"].map((name) => ({ name }) as unknown as Worker);
  const granted: string[] = [];
  /** Fresh turns with a, b and c asking in that order; `granted` lists who has had one. */
  function queued() {
    granted.length = 0;
    const turns = createWriteTurns();
    for (const w of [a, b, c]) void turns.take(w).then(() => granted.push((w as unknown as { name: string }).name));
    return turns;
  }

  it("go one at a time, first come first served; only the holder gives its turn away", async () => {
    const turns = queued();
    await Promise.resolve();
    expect(granted).toEqual(["a"]);
    turns.give(b); // not b's to give
    await Promise.resolve();
    expect(granted).toEqual(["a"]);
    turns.give(a);
    await expect.poll(() => granted).toEqual(["a", "b"]);
    turns.give(b);
    await expect.poll(() => granted).toEqual(["a", "b", "c"]);
  });

  it("a worker that dies holding its turn, or waiting for one, is passed over", async () => {
    const turns = queued();
    turns.forget(b);
    turns.forget(a);
    await expect.poll(() => granted).toEqual(["a", "c"]);
  });
});
