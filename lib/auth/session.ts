import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { isSessionRevoked, revokeSession } from "@/lib/data/sessions";
import { getUserById } from "@/lib/data/users";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "./options";
import type { SessionUser } from "./roles";

type SessionClaims = { userId?: string; ver?: unknown; sid?: unknown };

/**
 * The signed-in user as the database has them now: a deactivated account, a changed role, a new
 * password or a sign-out takes effect on the next request, not when the session cookie expires.
 * Once per request (the admin layout and the page both ask).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions)) as SessionClaims | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  // A token without a session id cannot be signed out of, so it is not accepted.
  if (typeof session?.sid !== "string" || (await isSessionRevoked(session.sid))) return null;
  const user = await getUserById(id);
  if (!user || !user.active || Number(session?.ver ?? 0) !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** Signing out: the caller's own session is refused from now on, wherever a copy of its cookie is. */
export async function endCurrentSession(): Promise<void> {
  const session = (await getServerSession(authOptions)) as SessionClaims | null;
  if (typeof session?.sid === "string") await revokeSession(session.sid, Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
}
