import "server-only";
import { redirect } from "next/navigation";
import type { Role } from "@/lib/domain";
import { hasRole, type SessionUser } from "./roles";
import { getSessionUser } from "./session";

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
