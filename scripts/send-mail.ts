// Sends every due newsletter email from the database (DATABASE_PATH or DATABASE_URL) over SMTP_URL and
// exits when the queue is empty: the server's sender run once, from the command line.
//   tsx --import ./scripts/support/outside-next.mjs scripts/send-mail.ts
import { closeDatabase } from "@/db";
import { runMailOnce } from "@/lib/mail/runner";
import { createMailTransport } from "@/lib/mail/transport";

const transport = createMailTransport();
if (!transport) {
  console.error("SMTP_URL is not set: nothing can be sent.");
  process.exit(1);
}
const tally = await runMailOnce(transport);
console.log(JSON.stringify(tally));
transport.close();
await closeDatabase();
