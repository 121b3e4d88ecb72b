import "server-only";
import { redirect } from "next/navigation";
import type { Role } from "@/lib/domain";
import { failure, NOT_ALLOWED, SIGN_IN_REQUIRED, type ActionState } from "@/lib/action-state";
import { hasRole, type SessionUser } from "./roles";
import { getSessionUser } from "./session";

export type Authorized = { ok: true; user: SessionUser } | { ok: false; refusal: ActionState };

/** For server actions: the first line of every admin action. Refusals are returned, never thrown. */
export async function requireSessionRole(min: Role): Promise<Authorized> {
  const user = await getSessionUser();
  if (!user) return { ok: false, refusal: failure(SIGN_IN_REQUIRED) };
  if (!hasRole(user, min)) return { ok: false, refusal: failure(NOT_ALLOWED) };
  return { ok: true, user };
}

/**
 * For pages and route handlers: a signed-out visitor goes to the sign-in page (and comes back after);
 * a signed-in user without the role goes to the dashboard, which explains why.
 */
export async function requireRole(min: Role, returnTo = "/admin"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!hasRole(user, min)) redirect("/admin?denied=1");
  return user;
}

/** Any staff role may enter the newsroom; what they may do inside is checked per page and action. */
export function requireStaff(returnTo = "/admin"): Promise<SessionUser> {
  return requireRole("contributor", returnTo);
}

export function requireEditor(returnTo = "/admin"): Promise<SessionUser> {
  return requireRole("editor", returnTo);
}
