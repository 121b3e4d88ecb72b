// Every refusal of the APIs is JSON with a stable machine-readable `code` (documented in the OpenAPI
// document) and a sentence for people.
export const API_ERROR_CODES = [
  "missing_key",
  "invalid_key",
  "wrong_key_kind",
  "rate_limited",
  "not_found",
  "invalid_parameter",
  "invalid_cursor",
  "method_not_allowed",
  "forbidden",
  "invalid_body",
  "conflict",
  "internal_error",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "Authorization, If-None-Match",
  "access-control-expose-headers": "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining",
  "access-control-max-age": "86400",
};

export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...CORS_HEADERS,
      ...headers,
    },
  });
}
