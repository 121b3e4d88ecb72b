import {
  markDeliveryBounced,
  markDeliverySent,
  markDeliverySkipped,
  recordDeliveryFailure,
  type Delivery,
} from "@/lib/data/newsletter-sends";
import { getSettingsUncached } from "@/lib/data/settings";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { DeferJobError } from "@/lib/jobs/registry";
import { absoluteUrl, siteUrl } from "@/lib/site";
import type { Settings } from "@/lib/validation/settings";
import { brandOf } from "./issues";
import { availableNewsletters } from "./newsletters";
import { personalise, renderConfirmationEmail } from "./templates";
import { CONFIRM_TTL_MS, signMailToken } from "./tokens";
import type { MailMessage, MailTransport } from "./transport";

export const manageUrl = (token: string) => absoluteUrl(`/subscribe/manage?token=${encodeURIComponent(token)}`);
export const unsubscribeUrl = (token: string) =>
  absoluteUrl(`/subscribe/unsubscribe?token=${encodeURIComponent(token)}`);

function sender(settings: Settings): string {
  const host = new URL(siteUrl()).hostname;
  const address = settings.mailFromAddress || process.env.MAIL_FROM || `newsletter@${host}`;
  const name = (settings.mailFromName || settings.siteTitle).replace(/["\\\r\n]/g, "");
  return `"${name}" <${address}>`;
}

type Built = { message: MailMessage } | { skip: string };

function build(row: Delivery, settings: Settings, offered: Map<string, string>): Built {
  const host = new URL(siteUrl()).hostname;
  const base = { from: sender(settings), messageId: `<delivery-${row.id}@${host}>` };
  if (row.kind === "test") {
    const { subject, html, text } = JSON.parse(row.payload) as { subject: string; html: string; text: string };
    const links = { manage: absoluteUrl("/subscribe"), unsubscribe: absoluteUrl("/subscribe") };
    return {
      message: {
        ...base,
        to: row.toAddress ?? "",
        subject: `[Test] ${subject}`,
        html: personalise(html, links, true),
        text: personalise(text, links, false),
      },
    };
  }
  const subscriber = row.subscriber;
  if (!subscriber) return { skip: "The subscriber was deleted." };
  const ref = { s: subscriber.id, c: subscriber.createdAt };
  if (row.kind === "confirm") {
    const { lists } = JSON.parse(row.payload) as { lists: string[] };
    const token = signMailToken({ p: "confirm", ...ref, l: lists, e: Date.now() + CONFIRM_TTL_MS });
    const url = absoluteUrl(`/subscribe/confirm?token=${encodeURIComponent(token)}`);
    const names = lists.map((l) => offered.get(l) ?? l);
    return { message: { ...base, to: subscriber.email, ...renderConfirmationEmail(brandOf(settings), url, names) } };
  }
  if (subscriber.status !== "confirmed") return { skip: `The address is ${subscriber.status}.` };
  if (!row.issue) return { skip: "The issue was deleted." };
  const token = signMailToken({ p: "manage", ...ref });
  const links = { manage: manageUrl(token), unsubscribe: unsubscribeUrl(token) };
  return {
    message: {
      ...base,
      to: subscriber.email,
      subject: row.issue.subject,
      html: personalise(row.issue.html, links, true),
      text: personalise(row.issue.text, links, false),
      // RFC 8058: mail clients show an unsubscribe button that POSTs to this address, no page in between.
      headers: {
        "List-Unsubscribe": `<${links.unsubscribe}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": `<newsletter.${host}>`,
      },
    },
  };
}

type SmtpError = { responseCode?: number; response?: string; code?: string; message?: string };

/** What the server answered, without the recipient's address (errors quote it: logs and the table must not). */
function describe(error: SmtpError, address: string): string {
  const text = error.response || error.message || error.code || "unknown error";
  return text.split(address).join("<recipient>").slice(0, 300);
}

/** How long a send waits when the SMTP server gives no answer at all, spending no attempt. */
const OFFLINE_RETRY_MS = 30_000;
const CONTEXT_TTL_MS = 5_000;
let context: { at: number; settings: Settings; offered: Map<string, string> } | null = null;

/** Settings and the newsletters on offer, read once every few seconds rather than once per email. */
async function mailContext(now = Date.now()) {
  if (context && now - context.at < CONTEXT_TTL_MS) return context;
  const settings = await getSettingsUncached();
  const offered = new Map(
    availableNewsletters(settings.newsletterSections, await sectionsForNewsletters()).map((n) => [n.key, n.name]),
  );
  return (context = { at: now, settings, offered });
}

export type SendOutcome = "sent" | "bounced" | "skipped";

/**
 * Sends one queued row and records what became of it: sent (in the statement right after the server's
 * 250), bounced (5xx), or skipped. A temporary failure (4xx) is recorded on the row and thrown, so its job
 * is retried with backoff; no answer at all (the server is away) defers the job without spending an
 * attempt.
 */
export async function sendDelivery(row: Delivery, transport: MailTransport): Promise<SendOutcome> {
  const { settings, offered } = await mailContext();
  const built = build(row, settings, offered);
  if ("skip" in built) {
    await markDeliverySkipped(row.id, built.skip);
    return "skipped";
  }
  try {
    await transport.send(built.message);
  } catch (caught) {
    const error = caught as SmtpError;
    const code = error.responseCode ?? 0;
    const reason = describe(error, built.message.to);
    if (code >= 500) {
      await markDeliveryBounced(row.id, row.subscriber?.id ?? null, reason);
      return "bounced";
    }
    if (code >= 400) {
      await recordDeliveryFailure(row.id, reason);
      throw new Error(reason);
    }
    throw new DeferJobError(Date.now() + OFFLINE_RETRY_MS, `no answer from the SMTP server: ${reason}`);
  }
  await markDeliverySent(row.id, built.message.messageId);
  return "sent";
}
