import { listStoriesHandler, methodNotAllowed, preflight } from "@/lib/api/content";

export const GET = listStoriesHandler;
export const OPTIONS = preflight;
export const POST = methodNotAllowed;
