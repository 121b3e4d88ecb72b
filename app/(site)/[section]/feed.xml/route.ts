import { feedRoute, sectionFeed } from "@/lib/feeds/route";

export const GET = feedRoute("rss", sectionFeed);

export const revalidate = 60;

// Rendered on first request, like the page the feed follows.
export function generateStaticParams() {
  return [];
}
