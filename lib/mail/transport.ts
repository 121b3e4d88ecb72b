import nodemailer from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type SMTPPool from "nodemailer/lib/smtp-pool";

// One pooled SMTP connection set per process, from SMTP_URL (smtp://user:pass@host:587 with STARTTLS,
// or smtps://user:pass@host:465). MAIL_RATE_PER_SECOND caps the messages handed to the server each
// second (unset: as fast as the server takes them).

export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
};

export type MailTransport = { send(message: MailMessage): Promise<void>; close(): void };

export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

export function createMailTransport(url = process.env.SMTP_URL): MailTransport | null {
  if (!url) return null;
  const rate = Number(process.env.MAIL_RATE_PER_SECOND || 0);
  const options: SMTPPool.Options = {
    ...(parseConnectionUrl(url) as SMTPPool.Options),
    pool: true,
    maxConnections: Number(process.env.MAIL_CONNECTIONS || 5),
    maxMessages: Infinity,
    ...(rate > 0 ? { rateDelta: 1000, rateLimit: rate } : {}),
  };
  const transporter = nodemailer.createTransport(options);
  return {
    // Resolves only once the server has answered 250 to the message: that acceptance is what is recorded.
    async send(message) {
      await transporter.sendMail({ ...message, messageId: message.messageId });
    },
    close: () => transporter.close(),
  };
}

// The process's transport, shared by every send job: one pool of connections per process.
const holder = globalThis as unknown as { [key: symbol]: { transport?: MailTransport | null } };
const KEY = Symbol.for("newsroom.mail.transport");

/** The transport send jobs use: made from SMTP_URL on first use; null when mail is not configured. */
export function mailTransport(): MailTransport | null {
  const slot = (holder[KEY] ??= {});
  if (slot.transport === undefined) slot.transport = createMailTransport();
  return slot.transport;
}

/** Sets the transport send jobs use (tests, scripts), closing none: its maker closes it. */
export function useMailTransport(transport: MailTransport | null): void {
  (holder[KEY] ??= {}).transport = transport;
}
