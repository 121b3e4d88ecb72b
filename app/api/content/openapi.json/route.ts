import { CORS_HEADERS } from "@/lib/api/errors";
import { contentApiDocument } from "@/lib/api/openapi";

// The document names this site's own address as its server, so it is built per request.
export function GET(): Response {
  return Response.json(contentApiDocument(), { headers: { ...CORS_HEADERS, "cache-control": "public, max-age=300" } });
}
