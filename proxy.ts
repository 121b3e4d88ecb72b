import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";

// Runs only for the requests its matcher names, so plain reader requests go straight to the cache.
export async function proxy(request: NextRequest) {
  const url = request.nextUrl;

  // The newsroom's first gate (the admin layout and every action check again): no session, no admin page.
  if (url.pathname === "/admin" || url.pathname.startsWith("/admin/")) {
    const secureCookie = (process.env.SITE_URL ?? "").startsWith("https://");
    const token = await getToken({ req: request, secret: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET, secureCookie });
    if (!token?.sub) {
      const login = new URL("/login", request.url);
      login.searchParams.set("callbackUrl", url.pathname + url.search);
      return NextResponse.redirect(login);
    }
    return NextResponse.next();
  }

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
    "/admin",
    "/admin/:path*",
    { source: "/:section", has: [{ type: "query", key: "page" }] },
    { source: "/tags/:tag", has: [{ type: "query", key: "page" }] },
    { source: "/authors/:slug", has: [{ type: "query", key: "page" }] },
  ],
};
