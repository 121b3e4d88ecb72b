import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

// kill -9 of the sending process in the middle of an issue, then a restart. The sender is a child process
// (scripts/send-mail.ts: the job runner on a SQLite file, as the server runs it); the SMTP server is real
// and records every message it accepts.
//
// What the design promises, and this test checks: every confirmed subscriber receives the issue (nothing
// is skipped), and a subscriber receives it twice only when the process died in the one window no sender
// can close: after the SMTP server accepted the message and before the row was marked sent (the next
// statement). Those are exactly the accepted messages whose rows are not sent at the moment of the kill,
// and there are at most as many as the sends one process has in flight. Everyone else receives it once.

const RECIPIENTS = 300;
const KILL_AFTER = 100;
const root = path.join(import.meta.dirname, "..");
let dir: string;
let file: string;
let smtp: TestSmtp;

function seed() {
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

function startSender(): ChildProcess {
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

function sentRecipients(): Set<string> {
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

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsletter-crash-"));
  file = path.join(dir, "news.db");
  seed();
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it(
  `kill -9 mid-send of ${RECIPIENTS}, then a restart: everyone receives it, twice only if accepted but not yet marked sent at the kill`,
  { timeout: 180_000 },
  async () => {
    const first = startSender();
    let firstOutput = "";
    first.stderr!.on("data", (c: Buffer) => (firstOutput += c.toString()));
    await smtp.until(
      () => smtp.accepted.length >= KILL_AFTER || first.exitCode !== null,
      () => `${KILL_AFTER} accepted messages (accepted ${smtp.accepted.length})`,
      120_000,
    );
    first.kill("SIGKILL");
    expect(await exited(first), firstOutput).toBe(null);
    // Once the dead process's connections are closed, the server has read all it ever sent: what it
    // accepted, and what the database says was sent, are both final.
    await smtp.until(() => smtp.connections() === 0, "the killed sender's connections to close");
    const acceptedAtKill = [...smtp.accepted];
    const sentAtKill = sentRecipients();
    const inWindow = new Set(acceptedAtKill.filter((to) => !sentAtKill.has(to)));
    expect(acceptedAtKill.length).toBeLessThan(RECIPIENTS);
    // Nothing is marked sent that the server did not accept.
    for (const to of sentAtKill) expect(acceptedAtKill).toContain(to);

    const second = startSender();
    let output = "";
    second.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    second.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    expect(await exited(second), output).toBe(0);

    const perRecipient = new Map<string, number>();
    for (const to of smtp.accepted) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const twice = [...perRecipient].filter(([, n]) => n > 1).map(([to]) => to);
    console.log(
      JSON.stringify({
        recipients: RECIPIENTS,
        acceptedAtKill: acceptedAtKill.length,
        sentAtKill: sentAtKill.size,
        acceptedNotMarkedAtKill: inWindow.size,
        duplicates: twice.length,
      }),
    );
    // Never skipped: every confirmed subscriber has it, and every row is sent.
    expect(perRecipient.size).toBe(RECIPIENTS);
    expect(sentRecipients().size).toBe(RECIPIENTS);
    // Twice exactly for those in the window at the kill, never three times, and no more than one
    // process's sends in flight.
    expect(twice.sort()).toEqual([...inWindow].sort());
    expect(Math.max(...perRecipient.values())).toBeLessThanOrEqual(2);
    expect(inWindow.size).toBeLessThanOrEqual(IN_FLIGHT);
  },
);
