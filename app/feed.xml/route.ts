import { feedRoute, siteFeed } from "@/lib/feeds/route";

export const GET = feedRoute("rss", siteFeed);

export const revalidate = 60;
