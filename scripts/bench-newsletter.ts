// The newsletter part of `npm run bench` (alone: `npm run bench -- --newsletter`): 10,000 confirmed
// subscribers sent one issue through the real sender (scripts/send-mail.ts: the queue on a SQLite file,
// pooled nodemailer) to a local SMTP server, against a baseline in the same run: nodemailer alone sending
// 10,000 messages of the same size over the same pool settings to the same server, with no queue.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import nodemailer from "nodemailer";
import { mailTransportOptions } from "../lib/mail/transport";
import { SMTPServer } from "smtp-server";
import { migrateSqlite } from "../db/migrate-sqlite";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS || 10_000);
const TARGET_SECONDS = 120;
const root = path.join(import.meta.dirname, "..");

function seed(file: string) {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  migrateSqlite(sqlite, path.join(root, "db", "migrations"));
  const now = Date.now();
  sqlite.transaction(() => {
    const body = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${"words of a story ".repeat(20)}`).join("\n\n");
    const article = sqlite
      .prepare("insert into articles (slug, headline, body, status, published_at) values (?, ?, ?, 'published', ?)")
      .run("bench-story", "A story for ten thousand inboxes", body, now - 60_000);
    const add = sqlite.prepare(
      "insert into newsletter_subscribers (email, status, source) values (?, 'confirmed', 'bench')",
    );
    const list = sqlite.prepare("insert into newsletter_subscriptions (subscriber_id, list) values (?, 'daily')");
    for (let i = 0; i < SUBSCRIBERS; i++) list.run(add.run(`reader-${i}@example.org`).lastInsertRowid);
    sqlite
      .prepare(
        "insert into newsletter_issues (key, kind, article_id, lists, state, send_at) values ('bench', 'article', ?, '[\"daily\"]', 'waiting', ?)",
      )
      .run(article.lastInsertRowid, now);
  })();
  sqlite.close();
}

async function startServer() {
  let count = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", (c: Buffer) => (bytes += c.length));
      stream.on("end", () => {
        count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received: () => count,
    bytes: () => bytes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function baseline(port: number, size: number): Promise<number> {
  // The sender's own connection settings (pool, Nagle off), without the queue.
  const transport = nodemailer.createTransport(mailTransportOptions(`smtp://127.0.0.1:${port}`));
  const html = "x".repeat(size);
  const started = performance.now();
  const batch = 200;
  for (let i = 0; i < SUBSCRIBERS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, SUBSCRIBERS - i) }, (_, j) =>
        transport.sendMail({
          from: "news@example.org",
          to: `reader-${i + j}@example.org`,
          subject: "Baseline",
          html,
          text: "x",
        }),
      ),
    );
  }
  transport.close();
  return (performance.now() - started) / 1000;
}

export async function benchNewsletter(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-newsletter-"));
  const file = path.join(dir, "news.db");
  const smtp = await startServer();
  try {
    seed(file);
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/support/outside-next.mjs", "scripts/send-mail.ts", "--until-empty"],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          DATABASE_PATH: file,
          DATABASE_URL: "",
          SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          AUTH_SECRET: "bench",
          SITE_URL: "https://news.example.org",
        },
      },
    );
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const seconds = (performance.now() - started) / 1000;
    const sent = smtp.received();
    const averageSize = Math.round(smtp.bytes() / Math.max(1, sent));
    const floor = await baseline(smtp.port, averageSize);
    console.log(
      `\nnewsletter: ${SUBSCRIBERS.toLocaleString("en")} subscribers, exit ${code}, sender says ${out.trim()}`,
    );
    console.log(
      `  queue + sender: ${sent.toLocaleString("en")} accepted in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s, ~${averageSize} bytes each, process start included)`,
    );
    console.log(`  nodemailer alone, same pool and size: ${floor.toFixed(1)} s; ratio ${(seconds / floor).toFixed(2)}`);
    console.log(
      `  ${seconds <= TARGET_SECONDS && sent === SUBSCRIBERS ? "PASS" : "FAIL"}: target ${TARGET_SECONDS} s for ${SUBSCRIBERS.toLocaleString("en")}`,
    );
  } finally {
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
