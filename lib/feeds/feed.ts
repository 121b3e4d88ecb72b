import { createHash } from "node:crypto";
import { cachedRead } from "@/lib/cache/cached";
import { feedScopeTag, latestChangeInScope, listFeedArticles, type FeedScope } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { absoluteUrl } from "@/lib/site";
import { feedEntry, newestUpdate } from "./entries";
import { feedPath } from "./links";
import { FEED_CONTENT_TYPES, renderAtom, renderRss, type FeedFormat } from "./formats";

export const FEED_SIZE = 20;

/** What a feed follows: the whole site (name null) or one section, tag or author page. */
export type FeedTarget = { scope: FeedScope; name: string | null; description: string; pagePath: string };

export type FeedDocument = { body: string; etag: string; lastModified: number };

/**
 * The feed document, cached under the same tags as the page it follows (lib/cache/tags.ts), so an
 * editor's change reaches feed readers exactly when it reaches that page.
 */
export const buildFeed = cachedRead(
  "feed-document",
  async (format: FeedFormat, target: FeedTarget): Promise<FeedDocument> => {
    const [settings, articles, latestChange] = await Promise.all([
      getSettings(),
      listFeedArticles(target.scope, FEED_SIZE),
      latestChangeInScope(target.scope),
    ]);
    const entries = articles.map(feedEntry);
    const channel = {
      title: target.name ? `${target.name} — ${settings.siteTitle}` : settings.siteTitle,
      publisher: settings.siteTitle,
      subtitle: target.description || settings.tagline,
      pageUrl: absoluteUrl(target.pagePath),
      selfUrl: absoluteUrl(feedPath(target.pagePath, format)),
      entries,
    };
    const body = format === "rss" ? renderRss(channel) : renderAtom(channel);
    return {
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      lastModified: Math.max(newestUpdate(entries).getTime(), latestChange),
    };
  },
  (_format, target) => [feedScopeTag(target.scope)],
);

/** Whether the reader's copy is current (RFC 9110: If-None-Match, when sent, decides alone). */
function notModified(request: Request, doc: FeedDocument): boolean {
  const tags = request.headers.get("if-none-match");
  if (tags !== null)
    return tags.trim() === "*" || tags.split(",").some((t) => t.trim().replace(/^W\//, "") === doc.etag);
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
  return !Number.isNaN(since) && Math.floor(doc.lastModified / 1000) * 1000 <= since;
}

/** The feed, or 304 Not Modified for a feed reader that polls with what it has. */
export async function feedResponse(request: Request, format: FeedFormat, target: FeedTarget): Promise<Response> {
  const doc = await buildFeed(format, target);
  const headers = {
    ETag: doc.etag,
    "Last-Modified": new Date(doc.lastModified).toUTCString(),
    // Readers ask again every time, cheaply: the answer is usually a 304 without a body.
    "Cache-Control": "public, max-age=0, must-revalidate",
  };
  if (notModified(request, doc)) return new Response(null, { status: 304, headers });
  return new Response(doc.body, { headers: { ...headers, "Content-Type": FEED_CONTENT_TYPES[format] } });
}
