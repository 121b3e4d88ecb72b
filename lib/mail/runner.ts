import { prepareDueIssues } from "./issues";
import { sendQueuedMail, type SendOptions, type SendTally } from "./sender";
import { createMailTransport, type MailTransport } from "./transport";

/** One round: due issues get their rows, then (with a transport) every due row is sent. */
export async function runMailOnce(transport: MailTransport | null, options?: SendOptions): Promise<SendTally | null> {
  await prepareDueIssues();
  return transport ? sendQueuedMail(transport, options) : null;
}

const started = Symbol.for("newsroom.mail.runner");
export const MAIL_TICK_MS = 2000;

/**
 * Started once per server process (instrumentation.ts). Every instance runs it: issues are prepared once
 * (their state changes in one transaction) and rows are claimed with a lease, so each email goes once.
 * Without SMTP_URL, issues still get their rows, which wait in the queue until a server is configured.
 */
export function startMailRunner(): void {
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[started]) return;
  g[started] = true;
  const transport = createMailTransport();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runMailOnce(transport)
      // The message only: an SMTP error can quote a recipient's address.
      .catch((error: unknown) => console.error("Newsletter sender:", (error as Error)?.name ?? "error"))
      .finally(() => (running = false));
  }, MAIL_TICK_MS);
  timer.unref();
}
