import { NextResponse, type NextRequest } from "next/server";

// Runs only for the requests its matcher names, so plain reader requests go straight to the cache.
export function proxy(request: NextRequest) {
  const url = request.nextUrl;

  // `/world?page=2` is served by the cacheable path form `/world/page/2` (a query string would
  // make Next render the list on every request).
  const page = url.searchParams.get("page");
  if (page !== null && /^\/(?:tags\/|authors\/)?[^/]+$/.test(url.pathname) && url.pathname !== "/search") {
    const target = url.clone();
    target.searchParams.delete("page");
    target.pathname = page === "1" ? url.pathname : `${url.pathname}/page/${encodeURIComponent(page)}`;
    return NextResponse.rewrite(target);
  }

  return NextResponse.next();
}

export const config = {
  matcher: [
    { source: "/:section", has: [{ type: "query", key: "page" }] },
    { source: "/tags/:tag", has: [{ type: "query", key: "page" }] },
    { source: "/authors/:slug", has: [{ type: "query", key: "page" }] },
  ],
};
