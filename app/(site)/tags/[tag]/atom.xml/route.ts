import { feedRoute, tagFeed } from "@/lib/feeds/route";

export const GET = feedRoute("atom", tagFeed);
