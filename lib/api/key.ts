import "server-only";
import { findApiKey, type ApiKeyGrant } from "@/lib/data/api-keys";
import type { ApiKeyKind } from "@/lib/domain";
import type { ApiKeyVerdict } from "@/lib/edge/api-answers";
import { apiError } from "./errors";
import { takeRequest } from "./rate-limit";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key a request carries: `Authorization: Bearer <key>` or `?key=<key>`. */
export function presentedKey(request: Request): string | null {
  const auth = request.headers.get("authorization");
  if (auth) {
    const match = BEARER.exec(auth);
    return match ? match[1] : null;
  }
  return new URL(request.url).searchParams.get("key");
}

export type KeyCheck =
  { ok: true; grant: ApiKeyGrant; headers: Record<string, string> } | { ok: false; response: Response };

/**
 * Runs before every answer, cached or not: a missing, unknown, revoked or wrong kind of key is
 * refused with 401, a key over its rate limit with 429 and Retry-After.
 */
export function checkApiKey(request: Request, kind: ApiKeyKind): Promise<KeyCheck> {
  return checkKey(presentedKey(request), kind);
}

/**
 * The edge's check before it sends a kept Content API answer (lib/edge/api-answers.ts): the same check
 * and count as above, for the key in an Authorization header, as the edge's verdict.
 */
export async function checkKeptAnswerKey(authorization: string): Promise<ApiKeyVerdict> {
  const match = BEARER.exec(authorization);
  const check = await checkKey(match ? match[1] : null, "content");
  if (check.ok) return { ok: true, headers: Object.entries(check.headers) };
  const { response } = check;
  return { ok: false, status: response.status, headers: [...response.headers], body: await response.text() };
}

async function checkKey(key: string | null, kind: ApiKeyKind): Promise<KeyCheck> {
  const challenge = { "www-authenticate": 'Bearer realm="newsroom"' };
  if (!key) return { ok: false, response: apiError(401, "missing_key", "An API key is required.", challenge) };
  const grant = await findApiKey(key);
  if (!grant)
    return { ok: false, response: apiError(401, "invalid_key", "This API key is unknown or revoked.", challenge) };
  if (grant.kind !== kind)
    return {
      ok: false,
      response: apiError(
        401,
        "wrong_key_kind",
        `This is not a ${kind === "content" ? "Content" : "Admin"} API key.`,
        challenge,
      ),
    };
  const rate = await takeRequest(grant.id);
  const headers = { "x-ratelimit-limit": String(rate.limit), "x-ratelimit-remaining": String(rate.remaining) };
  if (!rate.allowed)
    return {
      ok: false,
      response: apiError(429, "rate_limited", "Too many requests for this key. Try again later.", {
        ...headers,
        "retry-after": String(rate.retryAfterSeconds),
      }),
    };
  return { ok: true, grant, headers };
}
