import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import {
  claimDeliveries,
  extendLeases,
  finishIssues,
  markDeliveryBounced,
  markDeliveryRetry,
  markDeliverySent,
  markDeliverySkipped,
  type ClaimedDelivery,
} from "@/lib/data/newsletter-sends";
import { getSettingsUncached } from "@/lib/data/settings";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { absoluteUrl, siteUrl } from "@/lib/site";
import type { Settings } from "@/lib/validation/settings";
import { brandOf } from "./issues";
import { availableNewsletters } from "./newsletters";
import { personalise, renderConfirmationEmail } from "./templates";
import { CONFIRM_TTL_MS, signMailToken } from "./tokens";
import type { MailMessage, MailTransport } from "./transport";

export type SendOptions = {
  /** Who holds the lease: one name per sending process. */
  owner?: string;
  batch?: number;
  leaseMs?: number;
  /** The first retry after a temporary (4xx) failure; each further one waits twice as long. */
  retryBaseMs?: number;
  maxAttempts?: number;
};

export type SendTally = { sent: number; retried: number; failed: number; bounced: number; skipped: number };

export const processOwner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

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

function build(row: ClaimedDelivery, settings: Settings, offered: Map<string, string>): Built {
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

async function deliver(
  row: ClaimedDelivery,
  built: Built,
  transport: MailTransport,
  owner: string,
  options: Required<SendOptions>,
  tally: SendTally,
): Promise<"ok" | "offline"> {
  if ("skip" in built) {
    await markDeliverySkipped(row.id, owner, built.skip);
    tally.skipped++;
    return "ok";
  }
  try {
    await transport.send(built.message);
  } catch (caught) {
    const error = caught as SmtpError;
    const code = error.responseCode ?? 0;
    const reason = describe(error, built.message.to);
    if (code >= 500) {
      await markDeliveryBounced(row.id, owner, row.subscriber?.id ?? null, reason);
      tally.bounced++;
      return "ok";
    }
    if (code >= 400 || row.attempts > 0) {
      const last = row.attempts + 1 >= options.maxAttempts;
      await markDeliveryRetry(
        row.id,
        owner,
        reason,
        last ? null : Date.now() + options.retryBaseMs * 2 ** row.attempts,
      );
      tally[last ? "failed" : "retried"]++;
      return "ok";
    }
    // No SMTP answer at all (connection refused, timeout): the server is away. The row waits for its lease
    // to run out and is tried again then, without spending an attempt.
    return "offline";
  }
  await markDeliverySent(row.id, owner, built.message.messageId);
  tally.sent++;
  return "ok";
}

/** Runs `send` while renewing the batch's lease every third of it, so a slow server never lets it lapse. */
async function whileLeased<T>(rows: ClaimedDelivery[], o: Required<SendOptions>, send: () => Promise<T>): Promise<T> {
  const ids = rows.map((r) => r.id);
  const timer = setInterval(() => {
    extendLeases(ids, o.owner, Date.now() + o.leaseMs).catch(() => {});
  }, o.leaseMs / 3);
  try {
    return await send();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Sends due rows until none is left (or the SMTP server stops answering). Each row is claimed with a
 * lease first; a process killed mid-send leaves its rows to be claimed again once their lease runs out.
 */
export async function sendQueuedMail(transport: MailTransport, options: SendOptions = {}): Promise<SendTally> {
  const o: Required<SendOptions> = {
    owner: processOwner,
    batch: 200,
    leaseMs: Number(process.env.MAIL_LEASE_MS || 120_000),
    retryBaseMs: 60_000,
    maxAttempts: 8,
    ...options,
  };
  // A batch must be sent well within its lease, or another sender could take it over: at a capped rate,
  // no more rows than half the lease can carry.
  const rate = Number(process.env.MAIL_RATE_PER_SECOND || 0);
  if (rate > 0) o.batch = Math.max(1, Math.min(o.batch, Math.floor((rate * o.leaseMs) / 2000)));
  const tally: SendTally = { sent: 0, retried: 0, failed: 0, bounced: 0, skipped: 0 };
  const settings = await getSettingsUncached();
  const offered = new Map(
    availableNewsletters(settings.newsletterSections, await sectionsForNewsletters()).map((n) => [n.key, n.name]),
  );
  for (;;) {
    const rows = await claimDeliveries(o.owner, o.batch, o.leaseMs);
    if (!rows.length) break;
    const outcomes = await whileLeased(rows, o, () =>
      Promise.all(rows.map((row) => deliver(row, build(row, settings, offered), transport, o.owner, o, tally))),
    );
    if (outcomes.includes("offline")) break;
  }
  await finishIssues();
  return tally;
}
