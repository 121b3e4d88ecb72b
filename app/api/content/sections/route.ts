import { listSectionsHandler, methodNotAllowed, preflight } from "@/lib/api/content";

export const GET = listSectionsHandler;
export const OPTIONS = preflight;
export const POST = methodNotAllowed;
