import { CACHE_TAGS } from "@/lib/cache/tags";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";

// First path segments that are not a section: the newsroom, APIs, sign-in, search (per request),
// Next's own files, uploads, and the prefixes of the other reader routes.
const NOT_A_SECTION = new Set(["admin", "api", "login", "search", "_next", "uploads", "articles", "tags", "authors"]);
const SLUG = "[^/]+";
// A list page, one of its later pages, or its RSS or Atom feed.
const LIST = `(?:/page/\\d+|/(?:feed|atom)\\.xml)?`;

/**
 * The reader routes the hit path may answer, by name; tests/edge-reader-routes.test.ts checks every
 * route under app/ is one of them or deliberately left to Next. Only `section` captures (its slug).
 */
export const READER_ROUTES = {
  home: "/",
  feeds: "/(?:feed|atom)\\.xml",
  sitemap: "/sitemap\\.xml",
  sitemapFiles: `/sitemaps/${SLUG}\\.xml`,
  newsSitemap: "/news-sitemap\\.xml",
  robots: "/robots\\.txt",
  // The reader's 404 page, which the edge sends for Next's empty not-found shell (lib/edge/reader-page.ts).
  notFound: "/page-not-found",
  article: `/articles/${SLUG}(?:/comment-page-[1-9]\\d*)?`,
  tag: `/tags/${SLUG}${LIST}`,
  author: `/authors/${SLUG}${LIST}`,
  section: `/(${SLUG})${LIST}`,
} as const;

const READER_ROUTE_ALTERNATIVES = Object.values(READER_ROUTES).map((r) => `(?:${r})`);
const READER_ROUTE = new RegExp(`^(?:${READER_ROUTE_ALTERNATIVES.join("|")})$`);

// Requests for Next's client-side navigation (the RSC payload of the same URL), actions and
// prefetches: another representation, never the HTML document.
export const NEXT_REQUEST_HEADERS = [
  "rsc",
  "next-action",
  "next-router-prefetch",
  "next-router-state-tree",
  "next-router-segment-prefetch",
  "next-url",
];

// A signed-in user (NextAuth's session cookie, chunked or __Secure-) or a commenter (their pending
// comment and remembered details are shown only to them) is served per visitor.
const PER_VISITOR_COOKIE = new RegExp(
  `(?:^|;)\\s*(?:(?:__Secure-|__Host-)?next-auth\\.session-token(?:\\.\\d+)?|${REMEMBER_COOKIE}|${PENDING_COOKIE})=`,
);

export type HitRequest = {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
};

const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-|__Host-)?next-auth\.session-token(?:\.\d+)?=/;

export function hasSessionCookie(cookie: string | string[] | undefined): boolean {
  if (cookie === undefined) return false;
  return SESSION_COOKIE.test(Array.isArray(cookie) ? cookie.join(";") : cookie);
}

export function hasPerVisitorCookie(cookie: string | string[] | undefined): boolean {
  if (cookie === undefined) return false;
  return PER_VISITOR_COOKIE.test(Array.isArray(cookie) ? cookie.join(";") : cookie);
}

// A search, `/search?q=…` with the one parameter the page reads, is rendered by Next for each request
// but reads the same for every anonymous reader until what is published changes: the edge keeps it
// (lib/edge/handler.ts) under these tags, for a minute at most. Any other query goes to Next.
const SEARCH = /^\/search\?q=[^&#?]{1,200}$/;
export const SEARCH_TAGS = [CACHE_TAGS.site, CACHE_TAGS.latest];
export const SEARCH_KEEP_SECONDS = 60;

export function isSearchKey(key: string): boolean {
  return key.startsWith("/search?");
}

function isSearch(url: string): boolean {
  if (!SEARCH.test(url)) return false;
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

/** Reader pages, feeds and sitemaps: no query string, no encoded or doubled slashes, a reader route. */
function isReaderPage(url: string): boolean {
  if (url.includes("?") || url.includes("%") || url.includes("//")) return false;
  const match = READER_ROUTE.exec(url);
  if (!match) return false;
  if (match[1] !== undefined && NOT_A_SECTION.has(match[1])) return false;
  return !(url.length > 1 && url.endsWith("/")) && !url.endsWith("/respond");
}

/**
 * The key under which a request may be answered from (and its response kept in) the shared store of
 * finished responses, or null when it must go to Next: anything but an anonymous GET/HEAD of a reader
 * page, feed or sitemap without a query string, or of a search (`?replytocom`, `?page` and tracking
 * parameters all go to Next, which knows what they change).
 */
export function hitKey(request: HitRequest): string | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = request.url;
  if (!url || !(isReaderPage(url) || isSearch(url))) return null;
  const headers = request.headers;
  if (hasPerVisitorCookie(headers.cookie)) return null;
  if (headers.authorization !== undefined) return null;
  for (const name of NEXT_REQUEST_HEADERS) if (headers[name] !== undefined) return null;
  return url;
}

// Header lines a hit needs to look at; every other line is skipped by its length before any string
// is lowercased. `authorization` and Next's own request headers send the request to Next.
const BYPASS_HEADERS = new Set(["authorization", ...NEXT_REQUEST_HEADERS]);
const HIT_HEADER_LENGTHS = new Set(
  [...BYPASS_HEADERS, "cookie", "if-none-match", "if-modified-since", "accept-encoding"].map((name) => name.length),
);

/**
 * What a hit needs from the request, read in one pass over `req.rawHeaders` that skips every line by
 * its length first (Node 20 builds `req.headers` before the handler runs, for its own Host and Expect
 * checks, so that object is there; the pass decides the header rules and the negotiation at once).
 * One scratch object, refilled per request: the hit path runs synchronously and allocates nothing of
 * its own.
 */
export const hitHeaders: {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  acceptEncoding: string | undefined;
  /** The remember-me cookie's value: the stored page is answered with the reply form filled in. */
  remembered: string | undefined;
} = { ifNoneMatch: undefined, ifModifiedSince: undefined, acceptEncoding: undefined, remembered: undefined };

// A signed-in user or a commenter with a pending comment (shown only to them) is never answered from
// the store; a remembered commenter is, with their details filled into the form (lib/edge/prefill.ts).
const NEVER_FROM_STORE_COOKIE = new RegExp(
  `(?:^|;)\\s*(?:(?:__Secure-|__Host-)?next-auth\\.session-token(?:\\.\\d+)?|${PENDING_COOKIE})=`,
);
const REMEMBERED_COOKIE = new RegExp(`(?:^|;)\\s*${REMEMBER_COOKIE}=([^;]*)`);

/**
 * Whether the header lines allow an answer from the store (no session or pending-comment cookie, no
 * Authorization, none of Next's navigation, action or prefetch headers): `hitKey`'s header rules, but
 * for a remembered commenter, who is answered from the store with the form filled in. When true,
 * `hitHeaders` holds the request's If-None-Match, If-Modified-Since and Accept-Encoding (repeated lines
 * joined) and the remember-me cookie.
 */
export function readHitHeaders(raw: string[]): boolean {
  let ifNoneMatch: string | undefined;
  let ifModifiedSince: string | undefined;
  let acceptEncoding: string | undefined;
  let remembered: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (!HIT_HEADER_LENGTHS.has(name.length)) continue;
    const lower = name.toLowerCase();
    const value = raw[i + 1];
    if (lower === "cookie") {
      if (NEVER_FROM_STORE_COOKIE.test(value)) return false;
      remembered = REMEMBERED_COOKIE.exec(value)?.[1] ?? remembered;
    } else if (lower === "if-none-match") {
      ifNoneMatch = ifNoneMatch === undefined ? value : `${ifNoneMatch}, ${value}`;
    } else if (lower === "if-modified-since") {
      ifModifiedSince = value;
    } else if (lower === "accept-encoding") {
      acceptEncoding = acceptEncoding === undefined ? value : `${acceptEncoding}, ${value}`;
    } else if (BYPASS_HEADERS.has(lower)) {
      return false;
    }
  }
  hitHeaders.ifNoneMatch = ifNoneMatch;
  hitHeaders.ifModifiedSince = ifModifiedSince;
  hitHeaders.acceptEncoding = acceptEncoding;
  hitHeaders.remembered = remembered;
  return true;
}

// Header lines a file request needs: its validators, the encodings it takes and (for images) Accept.
const FILE_HEADER_LENGTHS = new Set(
  ["if-none-match", "if-modified-since", "accept-encoding", "accept"].map((n) => n.length),
);

/**
 * Fills `hitHeaders` (and `fileAccept`) for a file request (lib/edge/files.ts): the same bytes for
 * every visitor, so cookies and Next's headers do not matter. Always answerable.
 */
export function readFileHeaders(raw: string[]): void {
  let ifNoneMatch: string | undefined;
  let ifModifiedSince: string | undefined;
  let acceptEncoding: string | undefined;
  let accept: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (!FILE_HEADER_LENGTHS.has(name.length)) continue;
    const lower = name.toLowerCase();
    const value = raw[i + 1];
    if (lower === "if-none-match") ifNoneMatch = ifNoneMatch === undefined ? value : `${ifNoneMatch}, ${value}`;
    else if (lower === "if-modified-since") ifModifiedSince = value;
    else if (lower === "accept-encoding")
      acceptEncoding = acceptEncoding === undefined ? value : `${acceptEncoding}, ${value}`;
    else if (lower === "accept") accept = accept === undefined ? value : `${accept}, ${value}`;
  }
  hitHeaders.ifNoneMatch = ifNoneMatch;
  hitHeaders.ifModifiedSince = ifModifiedSince;
  hitHeaders.acceptEncoding = acceptEncoding;
  hitHeaders.remembered = undefined;
  fileHeaders.accept = accept;
}
export const fileHeaders: { accept: string | undefined } = { accept: undefined };
