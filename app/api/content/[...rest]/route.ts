import { notFoundHandler, preflight } from "@/lib/api/content";

export const GET = notFoundHandler;
export const OPTIONS = preflight;
