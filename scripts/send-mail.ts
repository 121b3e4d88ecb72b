// Runs the job queue (lib/jobs) from the command line against the database (DATABASE_PATH or
// DATABASE_URL), with SMTP_URL: the newsletter issues that are due fan out, and every queued email is
// sent, as the server's runner does.
//   tsx --import ./scripts/support/outside-next.mjs scripts/send-mail.ts [--until-empty]
// With --until-empty it keeps going until no email is left queued, waiting out the leases of jobs a
// killed process held (they are run again once their lease lapses).
import { setTimeout as sleep } from "node:timers/promises";
import { closeDatabase } from "@/db";
import { countJobsByState } from "@/lib/data/jobs";
import { enqueueUnjobbedMail, ISSUE_FAN_OUT_JOB, MAIL_SEND_JOB } from "@/lib/data/newsletter-sends";
import { runDueJobs } from "@/lib/jobs/runner";
import { mailTransport } from "@/lib/mail/transport";

const transport = mailTransport();
if (!transport) {
  console.error("SMTP_URL is not set: nothing can be sent.");
  process.exit(1);
}
const untilEmpty = process.argv.includes("--until-empty");
const waiting = async () => {
  const [sends, issues] = await Promise.all([countJobsByState(MAIL_SEND_JOB), countJobsByState(ISSUE_FAN_OUT_JOB)]);
  return sends.queued + sends.running + issues.queued + issues.running;
};
// As the server does on start: an issue or email put in the database without its job gets one.
await enqueueUnjobbedMail();
let attempts = 0;
for (;;) {
  attempts += await runDueJobs();
  if (!untilEmpty || (await waiting()) === 0) break;
  await sleep(100);
}
console.log(JSON.stringify({ attempts, sends: await countJobsByState(MAIL_SEND_JOB) }));
transport.close();
await closeDatabase();
