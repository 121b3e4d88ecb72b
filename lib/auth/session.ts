import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getUserById } from "@/lib/data/users";
import { authOptions } from "./options";
import type { SessionUser } from "./roles";

/**
 * The signed-in user as the database has them now: a deactivated account, a changed role or a new
 * password takes effect on the next request, not when the session cookie expires. Once per request
 * (the admin layout and the page both ask).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string; ver?: unknown } | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await getUserById(id);
  if (!user || !user.active || Number(session?.ver ?? 0) !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
