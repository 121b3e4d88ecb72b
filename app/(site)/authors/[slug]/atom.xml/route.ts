import { feedRoute, authorFeed } from "@/lib/feeds/route";

export const GET = feedRoute("atom", authorFeed);

export const revalidate = 60;

// Rendered on first request, like the page the feed follows.
export function generateStaticParams() {
  return [];
}
