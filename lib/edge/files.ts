// Files that change only with a new build or deploy, kept by the edge as Next first answers them:
// Next's build output (/_next/static/*, hashed names), public/, the app icons and /_next/image's resized
// images. The same for every visitor (uploads are public once used, their names random and never
// reused), so no cookie matters; kept in their own byte-bounded store (least recently used goes first),
// precompressed, with an ETag, so a reader's scripts and images never wait on Next after the first.

export type FileKind = "static" | "public" | "icon" | "image" | "versioned";
export type FileMatch = { key: string; kind: FileKind };

const STATIC_PREFIX = "/_next/static/";
const IMAGE_PREFIX = "/_next/image?";
// The one query shape Next's <Image> writes: anything else (an extra parameter per request) goes to
// Next each time, so made-up variants cannot fill the store.
const IMAGE_QUERY = /^\/_next\/image\?url=[\w.~%-]{1,300}&w=\d{1,4}&q=\d{1,3}$/;
const MAX_ACCEPT = 256;
// app/icon.svg and app/apple-icon.png; the layout links them with a content hash as the query, which
// Chromium's own favicon fetch sends with an `=` after it (`?icon.2zmrk0xu_yblx.svg=`).
const ICON = /^\/(?:icon|apple-icon)\.(?:svg|png)(\?[\w.-]{1,80}=?)?$/;
// A public file asked for with its content hash (lib/reader-scripts.ts): the reader's scripts.
const VERSIONED = /^(\/[\w./-]{1,200})\?v=[\w-]{1,40}$/;

// Types worth compressing; images and fonts already are.
const COMPRESSIBLE = /^(?:text\/|application\/(?:javascript|json|manifest\+json|xml)|image\/svg\+xml)/;

/**
 * The key under which the edge keeps (and answers) a file request, or null when it is not one.
 * `accept`: the request's Accept, for images: Next picks AVIF, WebP or the original from it, so the
 * copy is kept per Accept value as sent (browsers send a handful; an overlong one is left to Next).
 */
export function fileMatch(url: string, publicFiles: ReadonlySet<string>, accept?: string): FileMatch | null {
  if (url.startsWith(STATIC_PREFIX)) {
    if (url.includes("?") || url.includes("%") || url.includes("..") || url.includes("//")) return null;
    return { key: url, kind: "static" };
  }
  if (url.startsWith(IMAGE_PREFIX)) {
    if (!IMAGE_QUERY.test(url) || (accept !== undefined && accept.length > MAX_ACCEPT)) return null;
    return { key: `${url}\n${accept ?? ""}`, kind: "image" };
  }
  const icon = url.startsWith("/icon.") || url.startsWith("/apple-icon.") ? ICON.exec(url) : null;
  // The icon is the same whatever the query says: one key with a query (hashed, immutable), one without.
  if (icon) return { key: icon[1] === undefined ? url : `${url.slice(0, url.indexOf("?"))}?`, kind: "icon" };
  if (publicFiles.has(url)) return { key: url, kind: "public" };
  // As with icons, one key whatever the hash says: the file is what public/ holds now.
  const versioned = url.includes("?v=") ? VERSIONED.exec(url) : null;
  if (versioned && publicFiles.has(versioned[1])) return { key: `${versioned[1]}?`, kind: "versioned" };
  return null;
}

/**
 * For a key fileMatch gives whatever the request's query says (`/icon.svg?`, `/reader.js?`), which queries
 * lead to it: an icon's content hash, a public file's `v=` hash. Both false for any other key. The native
 * lane (native/hit-lane.cc) answers a kept file's other addresses by these rules.
 */
export function keyQueries(key: string, publicFiles: ReadonlySet<string>): { icon: boolean; versioned: boolean } {
  if (!key.endsWith("?") || key.includes("\n")) return { icon: false, versioned: false };
  const path = key.slice(0, -1);
  return { icon: ICON.test(path), versioned: publicFiles.has(path) && VERSIONED.test(`${path}?v=0`) };
}

export function isCompressible(contentType: unknown): boolean {
  return typeof contentType === "string" && COMPRESSIBLE.test(contentType);
}

/** The Cache-Control the edge sends for a kept file: a hashed icon or script address never changes. */
export function fileCacheControl(kind: FileKind, url: string, upstream: unknown): string | undefined {
  if ((kind === "icon" && url.includes("?")) || kind === "versioned") return "public, max-age=31536000, immutable";
  return typeof upstream === "string" ? upstream : undefined;
}

/** Milliseconds a kept file stays: build output and public files for the process's life, images as Next says. */
export function fileKeepSeconds(kind: FileKind, cacheControl: unknown): number {
  if (kind !== "image") return Infinity;
  const maxAge = /max-age=(\d+)/.exec(String(cacheControl ?? ""));
  return maxAge ? Number(maxAge[1]) : 60;
}

/** public/'s files by address (`/brand/icon-192.png`), read once at start: they change only with a deploy. */
export async function listPublicFiles(dir: string): Promise<Set<string>> {
  const { readdir } = await import("node:fs/promises");
  const found = new Set<string>();
  try {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const relative = `${entry.parentPath}/${entry.name}`.slice(dir.length).split("\\").join("/");
      // Names a browser would send percent-encoded are left to Next.
      if (/^[\w./-]+$/.test(relative)) found.add(relative.startsWith("/") ? relative : `/${relative}`);
    }
  } catch {
    // No public/ directory: nothing to keep.
  }
  return found;
}
