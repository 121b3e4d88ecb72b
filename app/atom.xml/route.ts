import { feedRoute, siteFeed } from "@/lib/feeds/route";

export const GET = feedRoute("atom", siteFeed);

export const revalidate = 60;
