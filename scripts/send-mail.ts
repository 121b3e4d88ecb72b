// Sends every due newsletter email from the database (DATABASE_PATH or DATABASE_URL) over SMTP_URL, the
// server's sender run from the command line:
//   tsx --import ./scripts/support/outside-next.mjs scripts/send-mail.ts [--until-empty]
// With --until-empty it keeps going until no email is left queued, waiting out the leases of rows a
// killed sender held (they are sent once their lease runs out).
import { setTimeout as sleep } from "node:timers/promises";
import { closeDatabase } from "@/db";
import { countQueuedMail } from "@/lib/data/newsletter-sends";
import { runMailOnce } from "@/lib/mail/runner";
import { createMailTransport } from "@/lib/mail/transport";

const transport = createMailTransport();
if (!transport) {
  console.error("SMTP_URL is not set: nothing can be sent.");
  process.exit(1);
}
const untilEmpty = process.argv.includes("--until-empty");
const total = { sent: 0, retried: 0, failed: 0, bounced: 0, skipped: 0 };
do {
  const tally = await runMailOnce(transport);
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += tally?.[key] ?? 0;
  if (untilEmpty && !tally?.sent) await sleep(250);
} while (untilEmpty && (await countQueuedMail()) > 0);
console.log(JSON.stringify(total));
transport.close();
await closeDatabase();
