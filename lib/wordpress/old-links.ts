// The addresses a WordPress site answered on, reduced to lookup keys. The importer records the keys of
// every published post, section, tag and author; the site looks up the key of a request that found
// nothing and answers with a permanent redirect. Both sides go through `oldLinkKey`, so
// /2024/05/14/Slug/, /index.php/2024/05/14/slug and /2024/05/14/slug/feed/ all meet the same key.

export type OldLink = { key: string; page: number | null };

export const FEED_KEY = "/feed";

/** The lookup key of an old address (path and query string), or null for one no key can match. */
export function oldLinkKey(pathname: string, search = ""): OldLink | null {
  const query = new URLSearchParams(search);
  const page = positiveInt(query.get("paged"));
  const byQuery = queryKey(query);
  if (byQuery) return { key: byQuery, page };

  let path = decodePath(pathname)
    .toLowerCase()
    .replace(/\/{2,}/g, "/")
    .replace(/\/+$/, "")
    .replace(/^\/index\.php(?=\/|$)/, "");
  let pathPage: number | null = null;
  const paged = /\/page\/(\d+)$/.exec(path);
  if (paged) {
    pathPage = positiveInt(paged[1]);
    path = path.slice(0, paged.index);
  }
  path = path.replace(/\/amp$/, "");
  const feed = /^(.*?)\/(?:feed(?:\/(?:rss2?|atom|rdf))?|rss2?|atom)$/.exec(path);
  if (feed) {
    const owner = feed[1];
    return { key: owner === "" || owner === "/comments" ? FEED_KEY : owner, page: null };
  }
  if (path === "" || !path.startsWith("/")) return null;
  return { key: path, page: pathPage ?? page };
}

function queryKey(query: URLSearchParams): string | null {
  const id = (name: string) => positiveInt(query.get(name));
  if (id("p")) return `?p=${id("p")}`;
  if (id("page_id")) return `?page_id=${id("page_id")}`;
  if (id("cat")) return `?cat=${id("cat")}`;
  if (id("author")) return `?author=${id("author")}`;
  const tag = query.get("tag");
  if (tag) return `/tag/${decodePath(tag).toLowerCase()}`;
  if (query.get("feed")) return FEED_KEY;
  return null;
}

function positiveInt(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** WordPress stores non-ASCII slugs percent-encoded (lower-case hex); browsers send upper-case hex. */
export function decodePath(value: string): string {
  try {
    return decodeURIComponent(value).normalize("NFC");
  } catch {
    return value;
  }
}

/** The path and query of a WordPress address on the old site (or a bare path), else null. */
export function pathOnSite(url: string, siteUrl: string): { pathname: string; search: string } | null {
  try {
    const base = siteUrl ? new URL(siteUrl) : null;
    const parsed = new URL(url, base ?? "http://old.invalid");
    if (base && bareHost(parsed.host) !== bareHost(base.host)) return null;
    const basePath = base ? base.pathname.replace(/\/+$/, "") : "";
    // A site installed in a folder (example.com/news/) had its permalinks under that folder.
    const pathname =
      basePath && parsed.pathname.startsWith(`${basePath}/`) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
    return { pathname, search: parsed.search };
  } catch {
    return null;
  }
}

const bareHost = (host: string) => host.toLowerCase().replace(/^www\./, "");

function keysOf(candidates: (OldLink | null)[]): string[] {
  return [...new Set(candidates.filter((c): c is OldLink => c !== null).map((c) => c.key))];
}

/**
 * A published post's old addresses: its real permalink (from <link>), plus the patterns WordPress offers
 * (/?p=ID, day-and-name, month-and-name, post name, numeric), since a site may have changed structure
 * and old links from every era are still around.
 */
export function postOldPaths(post: {
  postId: number;
  wpSlug: string;
  postDate: string;
  link: string;
  siteUrl: string;
}): string[] {
  const slug = decodePath(post.wpSlug).toLowerCase();
  const candidates: (OldLink | null)[] = [{ key: `?p=${post.postId}`, page: null }];
  const link = pathOnSite(post.link, post.siteUrl);
  if (link) candidates.push(oldLinkKey(link.pathname, link.search));
  // Permalink dates are the site's local date (post_date), not the GMT one.
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(post.postDate);
  if (slug) {
    if (date && date[1] !== "0000") {
      const [, y, m, d] = date;
      candidates.push(oldLinkKey(`/${y}/${m}/${d}/${slug}`), oldLinkKey(`/${y}/${m}/${slug}`));
    }
    candidates.push(oldLinkKey(`/${slug}`));
  }
  candidates.push(oldLinkKey(`/archives/${post.postId}`));
  return keysOf(candidates);
}

/** `/category/child/` and, for a nested one, `/category/parent/child/` as WordPress links it; `?cat=ID`. */
export function categoryOldPaths(chain: string[], termId: number | null): string[] {
  const names = chain.map((n) => decodePath(n).toLowerCase());
  return keysOf([
    oldLinkKey(`/category/${names[names.length - 1]}`),
    oldLinkKey(`/category/${names.join("/")}`),
    termId ? { key: `?cat=${termId}`, page: null } : null,
  ]);
}

export function tagOldPaths(nicename: string): string[] {
  return keysOf([oldLinkKey(`/tag/${nicename}`)]);
}

export function authorOldPaths(nicename: string, wpId: number | null): string[] {
  return keysOf([oldLinkKey(`/author/${nicename}`), wpId ? { key: `?author=${wpId}`, page: null } : null]);
}

/**
 * A published page's old addresses: its permalink (from <link>), /parent/child as WordPress nests pages,
 * and ?page_id=ID (and ?p=ID, which WordPress also answers for a page).
 */
export function pageOldPaths(page: { postId: number; path: string[]; link: string; siteUrl: string }): string[] {
  const candidates: (OldLink | null)[] = [
    { key: `?page_id=${page.postId}`, page: null },
    { key: `?p=${page.postId}`, page: null },
  ];
  const link = pathOnSite(page.link, page.siteUrl);
  if (link) candidates.push(oldLinkKey(link.pathname, link.search));
  const names = page.path.map((n) => decodePath(n).toLowerCase()).filter(Boolean);
  if (names.length) candidates.push(oldLinkKey(`/${names.join("/")}`));
  return keysOf(candidates);
}
