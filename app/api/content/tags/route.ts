import { listTagsHandler, methodNotAllowed, preflight } from "@/lib/api/content";

export const GET = listTagsHandler;
export const OPTIONS = preflight;
export const POST = methodNotAllowed;
