import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/site";

// Links in newsletter emails carry a token signed with the auth secret (HMAC-SHA256), so nobody can
// confirm, change or unsubscribe an address they cannot read the mail of. A subscriber's `createdAt` is
// part of the token: once the address is erased and signs up again, old links no longer work.

export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;

export type ConfirmToken = { p: "confirm"; s: number; c: number; l: string[]; e: number };
export type ManageToken = { p: "manage"; s: number; c: number };
export type MailToken = ConfirmToken | ManageToken;

function secret(): string {
  const value = authSecret();
  if (!value) throw new Error("Neither AUTH_SECRET nor NEXTAUTH_SECRET is set; start the site with `npm start`.");
  return value;
}

const mac = (payload: string) => createHmac("sha256", secret()).update(`newsletter:${payload}`).digest("base64url");

export function signMailToken(token: MailToken): string {
  const payload = Buffer.from(JSON.stringify(token)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The token's contents when the signature holds and it has not expired; null otherwise. */
export function verifyMailToken(value: string | null | undefined, now = Date.now()): MailToken | null {
  if (!value || value.length > 2000) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as MailToken;
    if (!Number.isSafeInteger(data.s) || typeof data.c !== "number") return null;
    if (data.p === "confirm") return typeof data.e === "number" && data.e > now && Array.isArray(data.l) ? data : null;
    return data.p === "manage" ? data : null;
  } catch {
    return null;
  }
}
