import { listAuthorsHandler, methodNotAllowed, preflight } from "@/lib/api/content";

export const GET = listAuthorsHandler;
export const OPTIONS = preflight;
export const POST = methodNotAllowed;
