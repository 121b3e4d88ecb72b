import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";
import { authSecret, servedOverHttps } from "@/lib/site";

const ARTICLE_PATH = /^\/articles\/([^/]+)(?:\/comment-page-([1-9]\d*))?\/?$/;

// Runs only for the requests its matcher names, so plain reader requests go straight to the cache.
export async function proxy(request: NextRequest) {
  const url = request.nextUrl;

  // The newsroom's first gate (the admin layout and every action check again): no session, no admin page.
  const admin = url.pathname === "/admin" || url.pathname.startsWith("/admin/");
  if (admin) {
    const token = await getToken({ req: request, secret: authSecret(), secureCookie: servedOverHttps() });
    if (!token?.sub) {
      const login = new URL("/login", request.url);
      login.searchParams.set("callbackUrl", url.pathname + url.search);
      return NextResponse.redirect(login);
    }
    if (request.method !== "POST") return NextResponse.next();
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

  // The client IP is not decided here: server.ts writes it for every request (lib/edge/client-ip.ts).

  // Commenters (remember-me or pending cookie, or replying) get the uncached per-visitor variant,
  // as WordPress page caches bypass visitors with comment cookies.
  const article = ARTICLE_PATH.exec(url.pathname);
  const commenter =
    request.cookies.has(REMEMBER_COOKIE) || request.cookies.has(PENDING_COOKIE) || url.searchParams.has("replytocom");
  if (article && commenter) {
    const target = url.clone();
    target.pathname = `/articles/${article[1]}/respond`;
    if (article[2]) target.searchParams.set("cpage", article[2]);
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
    { source: "/articles/:slug", has: [{ type: "cookie", key: "comment_author" }] },
    { source: "/articles/:slug", has: [{ type: "cookie", key: "comment_pending" }] },
    { source: "/articles/:slug", has: [{ type: "query", key: "replytocom" }] },
    // An earlier page of comments, `comment-page-N`, likewise.
    { source: "/articles/:slug/:page", has: [{ type: "cookie", key: "comment_author" }] },
    { source: "/articles/:slug/:page", has: [{ type: "cookie", key: "comment_pending" }] },
    { source: "/articles/:slug/:page", has: [{ type: "query", key: "replytocom" }] },
  ],
};
