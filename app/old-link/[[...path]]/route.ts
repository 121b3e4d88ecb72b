import type { NextRequest } from "next/server";
import { resolveOldLink } from "@/lib/data/old-link-lookup";

// WordPress's address shapes (/?p=ID, /2024/05/slug/, /category/x/, /tag/x/, /author/x/, /feed/…) are
// rewritten here by next.config.js, so a moved site's old links answer with a permanent redirect (301,
// which a page cannot send) to where the story, section, tag or author is now. Nothing else comes here,
// so an ordinary 404 costs nothing extra.
export async function GET(request: NextRequest, { params }: { params: Promise<{ path?: string[] }> }) {
  const { path = [] } = await params;
  const pathname = `/${path.map(encodeURIComponent).join("/")}`;
  const target = await resolveOldLink(pathname, request.nextUrl.search);
  if (target) return new Response(null, { status: 301, headers: { Location: encodeURI(target) } });
  return new Response(NOT_FOUND, { status: 404, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

const NOT_FOUND = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found</title>
<meta name="robots" content="noindex"></head><body><main><h1>Page not found</h1>
<p>This old address leads nowhere any more. <a href="/">Go to the front page</a> or <a href="/search">search stories</a>.</p>
</main></body></html>`;
