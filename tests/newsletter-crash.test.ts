import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

// kill -9 of the sending process in the middle of an issue, then a restart. The sender is a child process
// (scripts/send-mail.ts: the job runner on a SQLite file, as the server runs it); the SMTP server is real
// and records every message it accepts.
//
// SMTP leaves one window no sender can close: the server has answered 250 and the process dies before
// the next statement marks the row sent. The restarted sender cannot know the message arrived, and sends
// it again (RFC 1047). Both tests below kill the sender of a whole issue:
// - 2,000 recipients, killed while no acceptance is waiting to be recorded (the server holds its answers,
//   as a slow server does, and the kill comes once every 250 it gave is recorded): each receives the issue
//   exactly once. The restart resumes exactly where the database says it stopped.
// - 300 recipients, killed at once whatever is in flight: everyone receives it, and twice exactly those
//   accepted but not yet marked sent at the kill (at most the sends one process has in flight).

const root = path.join(import.meta.dirname, "..");
let dir: string;

function seed(file: string, recipients: number) {
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
    for (let i = 0; i < recipients; i++) addList.run(addSubscriber.run(`reader-${i}@example.org`, now).lastInsertRowid);
    // The issue as "Send as newsletter" leaves it; the sender gives it its job on start.
    sqlite
      .prepare(
        "insert into newsletter_issues (key, kind, article_id, lists, state, send_at) values (?, 'article', ?, ?, 'waiting', ?)",
      )
      .run("article:crash", article.lastInsertRowid, JSON.stringify(["daily"]), now);
  })();
  sqlite.close();
}

/** Sends in flight per process: MAIL_CONNECTIONS × 4 (lib/mail/jobs.ts). */
const CONNECTIONS = 5;
const IN_FLIGHT = CONNECTIONS * 4;

function startSender(file: string, smtp: TestSmtp): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/support/outside-next.mjs", "scripts/send-mail.ts", "--until-empty"],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_PATH: file,
        DATABASE_URL: "",
        SMTP_URL: smtp.url,
        MAIL_CONNECTIONS: String(CONNECTIONS),
        // The killed process's jobs are taken again once their lease (send timeout + slack) lapses.
        MAIL_SEND_TIMEOUT_MS: "8000",
        JOB_LEASE_SLACK_MS: "200",
        AUTH_SECRET: "crash-test-secret",
        SITE_URL: "https://news.example.org",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.once("exit", (code) => resolve(code)),
  );

function sentRecipients(file: string): Set<string> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const found = sqlite
      .prepare(
        `select s.email from mail_deliveries d join newsletter_subscribers s on s.id = d.subscriber_id
         where d.state = 'sent'`,
      )
      .all() as { email: string }[];
    return new Set(found.map((r) => r.email));
  } finally {
    sqlite.close();
  }
}

type Run = { file: string; smtp: TestSmtp; recipients: number };
const runs: Run[] = [];

/** Its own database file, issue and SMTP server for each test. */
async function setUp(recipients: number): Promise<Run> {
  const file = path.join(dir, `news-${recipients}.db`);
  seed(file, recipients);
  const run = { file, smtp: await startTestSmtp(), recipients };
  runs.push(run);
  return run;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsletter-crash-"));
});

afterAll(async () => {
  await Promise.all(runs.map((run) => run.smtp.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the sender, waits for `killAfter` accepted messages, runs `beforeKill`, and kills it with SIGKILL. */
async function killMidSend({ file, smtp, recipients }: Run, killAfter: number, beforeKill?: () => Promise<void>) {
  const first = startSender(file, smtp);
  let firstOutput = "";
  first.stderr!.on("data", (c: Buffer) => (firstOutput += c.toString()));
  await smtp.until(
    () => smtp.accepted.length >= killAfter || first.exitCode !== null,
    () => `${killAfter} accepted messages (accepted ${smtp.accepted.length})`,
    120_000,
  );
  await beforeKill?.();
  first.kill("SIGKILL");
  expect(await exited(first), firstOutput).toBe(null);
  // Once the dead process's connections are closed, the server has read all it ever sent: what it
  // accepted, and what the database says was sent, are both final.
  await smtp.until(() => smtp.connections() === 0, "the killed sender's connections to close");
  const acceptedAtKill = [...smtp.accepted];
  const sentAtKill = sentRecipients(file);
  expect(acceptedAtKill.length).toBeLessThan(recipients);
  // Nothing is marked sent that the server did not accept.
  for (const to of sentAtKill) expect(acceptedAtKill).toContain(to);
  return { acceptedAtKill, sentAtKill };
}

/** Restarts the sender and waits until it has sent everything; returns how often each address received it. */
async function restartUntilSent({ file, smtp, recipients }: Run) {
  smtp.answer.hold = undefined;
  const second = startSender(file, smtp);
  let output = "";
  second.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  second.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  expect(await exited(second), output).toBe(0);
  const perRecipient = new Map<string, number>();
  for (const to of smtp.accepted) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  // Never skipped: every confirmed subscriber has it, and every row is sent.
  expect(perRecipient.size).toBe(recipients);
  expect(sentRecipients(file).size).toBe(recipients);
  return perRecipient;
}

describe.concurrent("kill -9 mid-send, then a restart", () => {
  it(
    "2,000 recipients, killed with no acceptance waiting to be recorded: each receives the issue exactly once",
    {
      timeout: 180_000,
    },
    async () => {
      const run = await setUp(2_000);
      const { acceptedAtKill, sentAtKill } = await killMidSend(run, 600, async () => {
        // From here the server answers nothing more (the sender's next messages wait for their 250), and the
        // kill comes once every message it did accept is recorded as sent.
        run.smtp.answer.hold = () => true;
        const deadline = Date.now() + 20_000;
        for (;;) {
          const sent = sentRecipients(run.file);
          if (run.smtp.accepted.every((to) => sent.has(to))) break;
          if (Date.now() > deadline) throw new Error("the sender did not record the messages it had sent");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      expect(sentAtKill.size).toBe(acceptedAtKill.length);
      const perRecipient = await restartUntilSent(run);
      console.log(JSON.stringify({ recipients: run.recipients, acceptedAtKill: acceptedAtKill.length }));
      expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    },
  );

  it(
    "300 recipients, killed whatever is in flight: everyone receives it, twice only if accepted but not yet marked sent at the kill",
    {
      timeout: 180_000,
    },
    async () => {
      const run = await setUp(300);
      const { acceptedAtKill, sentAtKill } = await killMidSend(run, 100);
      const inWindow = new Set(acceptedAtKill.filter((to) => !sentAtKill.has(to)));
      const perRecipient = await restartUntilSent(run);
      const twice = [...perRecipient].filter(([, n]) => n > 1).map(([to]) => to);
      console.log(
        JSON.stringify({
          recipients: run.recipients,
          acceptedAtKill: acceptedAtKill.length,
          sentAtKill: sentAtKill.size,
          acceptedNotMarkedAtKill: inWindow.size,
          duplicates: twice.length,
        }),
      );
      // Twice exactly for those in the window at the kill, never three times, and no more than one
      // process's sends in flight.
      expect(twice.sort()).toEqual([...inWindow].sort());
      expect(Math.max(...perRecipient.values())).toBeLessThanOrEqual(2);
      expect(inWindow.size).toBeLessThanOrEqual(IN_FLIGHT);
    },
  );
});
