import "server-only";
import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/site";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, useSecureCookies } from "./options";
import type { SessionUser } from "./roles";

/**
 * Writes the same JWT session cookie NextAuth would: from the sign-in form, and after a password change.
 * Each gets a new session id (`sid`), the handle by which signing out ends it on the server.
 */
export async function writeSessionCookie(user: SessionUser, sessionVersion: number): Promise<void> {
  const secret = authSecret();
  if (!secret) throw new Error("Neither AUTH_SECRET nor NEXTAUTH_SECRET is set; start the site with `npm start`.");
  const token = await encode({
    token: { sub: String(user.id), name: user.name, email: user.email, ver: sessionVersion, sid: randomUUID() },
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: useSecureCookies,
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
