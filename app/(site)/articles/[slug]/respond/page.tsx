import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { commentCookieSecret, decodeRemembered, pendingIdsOf, REMEMBER_COOKIE } from "@/lib/comments/cookies";
import { parseCommentPage } from "@/lib/comments/pages";
import { ArticleScreen, articleMetadata } from "../article-screen";

// The per-visitor variant of /articles/[slug]: proxy.ts rewrites a commenter's requests here (the
// URL in the browser stays the public one). It reads cookies, so it is rendered for each request
// and never stored in the shared cache; a commenter's pending comment and email stay theirs. An
// earlier comment page (`comment-page-N`) arrives with its number in `cpage`.
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const metadata = await articleMetadata((await params).slug);
  return { ...metadata, robots: { index: false, follow: true } };
}

export default async function ArticleRespondPage({ params, searchParams }: Props) {
  const [{ slug }, query, jar, requestHeaders] = await Promise.all([params, searchParams, cookies(), headers()]);
  const replyto = Number(typeof query.replytocom === "string" ? query.replytocom : NaN);
  const commentPage = typeof query.cpage === "string" ? parseCommentPage(`comment-page-${query.cpage}`) : null;
  return (
    <ArticleScreen
      slug={slug}
      commentPage={commentPage}
      viewer={{
        remembered: decodeRemembered(jar.get(REMEMBER_COOKIE)?.value),
        pendingIds: pendingIdsOf(requestHeaders.get("cookie"), commentCookieSecret()),
        replyToId: Number.isSafeInteger(replyto) && replyto > 0 ? replyto : null,
      }}
    />
  );
}
