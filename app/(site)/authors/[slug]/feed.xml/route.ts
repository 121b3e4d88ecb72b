import { feedRoute, authorFeed } from "@/lib/feeds/route";

export const GET = feedRoute("rss", authorFeed);
