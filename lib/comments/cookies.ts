import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeCookieValue } from "@/lib/edge/messages";
import { authSecret } from "@/lib/site";

import { PENDING_COOKIE } from "./cookie-names";

export { commentCookiePath, PENDING_COOKIE, REMEMBER_COOKIE } from "./cookie-names";

export const REMEMBER_MAX_AGE_S = 365 * 86_400;
export const PENDING_MAX_AGE_S = 3 * 86_400;
export const PENDING_MAX_IDS = 20;

export type RememberedAuthor = { name: string; email: string; url: string };

export function encodeRemembered(author: RememberedAuthor): string {
  return Buffer.from(JSON.stringify(author)).toString("base64url");
}

export function decodeRemembered(value: string | undefined): RememberedAuthor | null {
  if (!value) return null;
  try {
    const data = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<RememberedAuthor>;
    const field = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : "");
    const author = { name: field(data.name, 245), email: field(data.email, 100), url: field(data.url, 200) };
    return author.name || author.email ? author : null;
  } catch {
    return null;
  }
}

function signature(payload: string, secret: string): string {
  // The purpose prefix keeps this MAC from being valid for any other use of the same secret.
  return createHmac("sha256", secret).update(`comment-pending:${payload}`).digest("base64url");
}

/** Signs the visitor's pending comment ids; the newest PENDING_MAX_IDS are kept. */
export function signPendingIds(ids: number[], secret: string, now: number = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ ids: ids.slice(-PENDING_MAX_IDS), exp: now + PENDING_MAX_AGE_S * 1000 }),
  ).toString("base64url");
  return `${payload}.${signature(payload, secret)}`;
}

/** The ids in a pending cookie, or [] when it is missing, expired or not signed by us. */
export function verifyPendingIds(value: string | undefined, secret: string, now: number = Date.now()): number[] {
  if (!value) return [];
  const [payload, mac, extra] = value.split(".");
  if (!payload || !mac || extra !== undefined) return [];
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return [];
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { ids?: unknown; exp?: unknown };
    if (typeof data.exp !== "number" || data.exp <= now || !Array.isArray(data.ids)) return [];
    return data.ids.filter((id): id is number => Number.isSafeInteger(id) && id > 0).slice(-PENDING_MAX_IDS);
  } catch {
    return [];
  }
}

/**
 * The ids in every pending cookie a request's Cookie header carries, merged. A browser may hold two:
 * one from before the cookie's Path became /articles (Path=/, for up to its 3 days), which it sends
 * after the newer one, and Next's cookies() keeps only the last of two that share a name.
 */
export function pendingIdsOf(cookieHeader: string | null | undefined, secret: string, now = Date.now()): number[] {
  const ids = new Set<number>();
  for (const part of (cookieHeader ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== PENDING_COOKIE) continue;
    for (const id of verifyPendingIds(decodeCookieValue(part.slice(at + 1).trim()), secret, now)) ids.add(id);
  }
  return [...ids].slice(-PENDING_MAX_IDS);
}

export function commentCookieSecret(): string {
  const secret = authSecret();
  if (!secret) throw new Error("Neither AUTH_SECRET nor NEXTAUTH_SECRET is set; start the site with `npm start`.");
  return secret;
}
