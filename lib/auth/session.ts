import "server-only";
import { getServerSession } from "next-auth";
import { getUserById } from "@/lib/data/users";
import { authOptions } from "./options";
import type { SessionUser } from "./roles";

/**
 * The signed-in user as the database has them now: a deactivated account or a changed role takes
 * effect on the next request, not when the session cookie expires.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = getUserById(id);
  if (!user || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
