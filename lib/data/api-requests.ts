import "server-only";
import { and, eq, isNull, lt } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { apiRequests } from "@/db/schema";
import { isUniqueViolation } from "./unique-violation";

/**
 * A request that names an Idempotency-Key, as the Admin API finds it:
 * - `new`: nobody asked this before (or an earlier try died before writing): do the work under `id`;
 * - `done`: answered before, with this story;
 * - `busy`: the same request is being worked on right now;
 * - `mismatch`: the key was used for a different request.
 */
export type ApiRequestClaim =
  { kind: "new"; id: number } | { kind: "done"; articleId: number | null } | { kind: "busy" } | { kind: "mismatch" };

/** How long a reservation holds before a retry may take it over: a request that long is dead. */
export const API_REQUEST_LEASE_MS = 60_000;

const UNIQUE = { table: "api_requests", column: "key_id", index: "api_requests_key_unique" };

/** Reserves `idempotencyKey` for this request, or says what became of an earlier one with it. */
export async function claimApiRequest(
  keyId: number,
  idempotencyKey: string,
  requestHash: string,
  now: number = Date.now(),
): Promise<ApiRequestClaim> {
  try {
    const [row] = await transaction((tx) =>
      tx
        .insert(apiRequests)
        .values({ keyId, idempotencyKey, requestHash, createdAt: now })
        .returning({ id: apiRequests.id }),
    );
    return { kind: "new", id: row.id };
  } catch (error) {
    if (!isUniqueViolation(error, UNIQUE)) throw error;
  }
  const [earlier] = await db
    .select()
    .from(apiRequests)
    .where(and(eq(apiRequests.keyId, keyId), eq(apiRequests.idempotencyKey, idempotencyKey)));
  if (!earlier) return { kind: "busy" };
  if (earlier.requestHash !== requestHash) return { kind: "mismatch" };
  if (earlier.completedAt !== null) return { kind: "done", articleId: earlier.articleId };
  if (earlier.createdAt > now - API_REQUEST_LEASE_MS) return { kind: "busy" };
  // The earlier try died without writing (its story and this record commit together): take it over,
  // unless another retry just did.
  const taken = await transaction((tx) =>
    tx
      .update(apiRequests)
      .set({ createdAt: now })
      .where(
        and(
          eq(apiRequests.id, earlier.id),
          isNull(apiRequests.completedAt),
          eq(apiRequests.createdAt, earlier.createdAt),
        ),
      )
      .returning({ id: apiRequests.id }),
  );
  return taken.length ? { kind: "new", id: earlier.id } : { kind: "busy" };
}

/** Marks the request answered with `articleId`, inside the transaction that wrote the story. */
export async function completeApiRequest(tx: Db, id: number, articleId: number, now: number): Promise<void> {
  await tx.update(apiRequests).set({ articleId, completedAt: now }).where(eq(apiRequests.id, id));
}

/** Gives a reservation up when the request was refused: a corrected retry may use the key again. */
export async function releaseApiRequest(id: number): Promise<void> {
  await transaction((tx) => tx.delete(apiRequests).where(and(eq(apiRequests.id, id), isNull(apiRequests.completedAt))));
}

/** Idempotency records older than a day are forgotten, as Stripe's are. */
export async function pruneApiRequests(olderThan: number): Promise<void> {
  await transaction((tx) => tx.delete(apiRequests).where(lt(apiRequests.createdAt, olderThan)));
}
