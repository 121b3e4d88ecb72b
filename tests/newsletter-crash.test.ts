import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

// kill -9 of the sending process in the middle of 2,000 emails, then a restart: every subscriber gets the
// issue exactly once. The sender is a child process (scripts/send-mail.ts) on a SQLite file, as the server
// would run it; the SMTP server is real and counts what it accepted with 250.
//
// Before the kill, the server holds back its answer to new messages and the test waits until every message
// it already accepted is recorded as sent: the one gap no sender can close (the server said 250, the process
// died before writing it down) is kept out, so the test checks what the design promises and cannot flake.

const RECIPIENTS = 2000;
const KILL_AFTER = 300;
const root = path.join(import.meta.dirname, "..");
let dir: string;
let file: string;
let smtp: TestSmtp;

function seed(file: string) {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  migrateSqlite(sqlite, MIGRATIONS_FOLDER);
  const now = Date.now();
  sqlite.transaction(() => {
    const article = sqlite
      .prepare("insert into articles (slug, headline, body, status, published_at) values (?, ?, ?, 'published', ?)")
      .run("crash-story", "The story sent while the sender dies", "Body.", now - 60_000);
    const addSubscriber = sqlite.prepare(
      "insert into newsletter_subscribers (email, status, source, confirmed_at) values (?, 'confirmed', 'test', ?)",
    );
    const addList = sqlite.prepare("insert into newsletter_subscriptions (subscriber_id, list) values (?, 'daily')");
    for (let i = 0; i < RECIPIENTS; i++) addList.run(addSubscriber.run(`reader-${i}@example.org`, now).lastInsertRowid);
    sqlite
      .prepare(
        "insert into newsletter_issues (key, kind, article_id, lists, state, send_at) values (?, 'article', ?, ?, 'waiting', ?)",
      )
      .run("article:crash", article.lastInsertRowid, JSON.stringify(["daily"]), now);
  })();
  sqlite.close();
}

function startSender(): ChildProcess {
  return spawn(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--import",
      "./scripts/support/outside-next.mjs",
      "scripts/send-mail.ts",
      "--until-empty",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_PATH: file,
        DATABASE_URL: "",
        SMTP_URL: smtp.url,
        MAIL_LEASE_MS: "1500",
        AUTH_SECRET: "crash-test-secret",
        SITE_URL: "https://news.example.org",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

function sentRows(): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from mail_deliveries where state = 'sent'").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsletter-crash-"));
  file = path.join(dir, "news.db");
  seed(file);
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it(
  "kill -9 mid-send of 2,000, then a restart: each subscriber receives the issue exactly once",
  { timeout: 600_000 },
  async () => {
    let holding = false;
    smtp.answer.hold = () => holding;
    const first = startSender();
    await smtp.waitFor(KILL_AFTER, 240_000);
    holding = true;
    const accepted = smtp.received.length;
    await until(() => sentRows() === smtp.received.length, "the accepted messages to be recorded");
    const atKill = smtp.received.length;
    first.kill("SIGKILL");
    expect(await exited(first)).toBe(null);
    expect(accepted).toBeLessThan(RECIPIENTS);

    holding = false;
    const second = startSender();
    let output = "";
    second.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    await smtp.waitFor(RECIPIENTS, 400_000);
    expect(await exited(second)).toBe(0);
    const tally = JSON.parse(output.trim().split("\n").pop()!) as { sent: number; failed: number; bounced: number };
    console.log(JSON.stringify({ accepted, atKill, tally }));
    expect(tally).toMatchObject({ failed: 0, bounced: 0 });
    // The restarted sender sent exactly what the killed one had not.
    expect(atKill + tally.sent).toBe(RECIPIENTS);

    const perRecipient = new Map<string, number>();
    for (const { to } of smtp.received) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(RECIPIENTS);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(sentRows()).toBe(RECIPIENTS);
    expect(atKill).toBeLessThan(RECIPIENTS);
  },
);
