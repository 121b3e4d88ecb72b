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

/**
 * The feed as a cacheable document: the route reads no request, so Next keeps it like a page and the
 * edge serves it from memory, answering feed readers' If-None-Match and If-Modified-Since with 304.
 */
export async function feedResponse(format: FeedFormat, target: FeedTarget): Promise<Response> {
  const doc = await buildFeed(format, target);
  return new Response(doc.body, {
    headers: {
      "Content-Type": FEED_CONTENT_TYPES[format],
      ETag: doc.etag,
      "Last-Modified": new Date(doc.lastModified).toUTCString(),
    },
  });
}
