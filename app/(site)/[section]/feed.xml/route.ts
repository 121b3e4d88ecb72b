import { feedRoute, sectionFeed } from "@/lib/feeds/route";

export const GET = feedRoute("rss", sectionFeed);
