import "server-only";
import { eq, lt } from "drizzle-orm";
import { db, transaction } from "@/db";
import { revokedSessions } from "@/db/schema";

/**
 * Ends one session on the server: its id is refused until `expiresAt`, after which its token is
 * refused for having expired anyway, so the row can go.
 */
export async function revokeSession(sessionId: string, expiresAt: number, now: number = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    await tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
    await tx
      .insert(revokedSessions)
      .values({ sessionId, expiresAt })
      .onConflictDoUpdate({ target: revokedSessions.sessionId, set: { expiresAt } });
  });
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  const found = await db
    .select({ id: revokedSessions.sessionId })
    .from(revokedSessions)
    .where(eq(revokedSessions.sessionId, sessionId));
  return found.length > 0;
}
