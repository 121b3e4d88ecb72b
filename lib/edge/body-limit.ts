// The largest legitimate public post is a maximal comment (65,525 characters, up to four bytes each
// in UTF-8, with the form's other fields); sign-in is far smaller. Staff uploads need more.
export const PUBLIC_BODY_LIMIT = 256 * 1024;
export const STAFF_BODY_LIMIT = 12 * 1024 * 1024;

export type BodyRequest = {
  method: string;
  pathname: string;
  contentLength: string | undefined;
  chunked: boolean;
  /** Carries a session cookie (checked for real by proxy.ts and every action; here it only raises the limit). */
  hasSession: boolean;
};

/** The status to refuse a request's body with before anything reads it, or null to let it through. */
export function bodyRefusal(request: BodyRequest): 411 | 413 | null {
  if (request.contentLength === undefined && !request.chunked) return null;
  const staff = request.hasSession && (request.pathname === "/admin" || request.pathname.startsWith("/admin/"));
  const limit = staff ? STAFF_BODY_LIMIT : PUBLIC_BODY_LIMIT;
  if (request.contentLength === undefined) {
    // A streamed body of unknown size: browsers never send one for a form, so ask for a length
    // rather than read an unbounded stream.
    return request.method === "GET" || request.method === "HEAD" ? null : 411;
  }
  const length = Number(request.contentLength);
  if (!Number.isSafeInteger(length) || length < 0) return 413;
  return length > limit ? 413 : null;
}
