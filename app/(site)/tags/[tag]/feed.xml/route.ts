import { feedRoute, tagFeed } from "@/lib/feeds/route";

export const GET = feedRoute("rss", tagFeed);

export const revalidate = 60;

// Rendered on first request, like the page the feed follows.
export function generateStaticParams() {
  return [];
}
