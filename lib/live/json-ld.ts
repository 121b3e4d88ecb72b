import { markdownToPlainText } from "@/lib/articles/markdown";
import { isoInZone } from "@/lib/format/dates";
import type { LiveCoverage, LiveUpdate } from "@/lib/live/rules";

// How long a running coverage is expected to go on after its newest update, for coverageEndTime.
const EXPECTED_RUN_MS = 24 * 60 * 60 * 1000;

type Graph = { "@context": string; "@graph": Record<string, unknown>[] };

/**
 * A live story's NewsArticle (lib/metadata/json-ld.ts) as the LiveBlogPosting Google shows with a "LIVE"
 * badge: its coverage times, and its updates as `liveBlogUpdate`, newest first. Google asks for
 * `coverageEndTime` while the coverage runs too, when its end is not known yet: it is then the end in
 * prospect, a day after the newest update (the page is rendered afresh with each update, so it moves on),
 * and the real end once the coverage has ended.
 */
export function asLiveBlogPosting(
  graph: Graph,
  live: { coverage: LiveCoverage; updates: LiveUpdate[] },
  timeZone: string,
): Graph {
  const [article, ...rest] = graph["@graph"];
  const url = String(article.mainEntityOfPage);
  const { coverage, updates } = live;
  const newest = Math.max(coverage.lastUpdateAt ?? 0, ...updates.map((u) => u.changedAt));
  const modified = String(article.dateModified);
  const posting = {
    ...article,
    "@type": "LiveBlogPosting",
    dateModified: newest > Date.parse(modified) ? isoInZone(newest, timeZone) : modified,
    coverageStartTime: isoInZone(coverage.startedAt, timeZone),
    coverageEndTime: isoInZone(coverage.endedAt ?? Math.max(coverage.startedAt, newest) + EXPECTED_RUN_MS, timeZone),
    liveBlogUpdate: [...updates]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((u) => ({
        "@type": "BlogPosting",
        "@id": `${url}#update-${u.id}`,
        url: `${url}#update-${u.id}`,
        headline: u.headline || markdownToPlainText(u.body).slice(0, 110),
        articleBody: markdownToPlainText(u.body),
        datePublished: isoInZone(u.createdAt, timeZone),
        dateModified: isoInZone(u.changedAt, timeZone),
        author: u.byline ? { "@type": "Person", name: u.byline } : undefined,
      })),
  };
  return { ...graph, "@graph": [posting, ...rest] };
}
