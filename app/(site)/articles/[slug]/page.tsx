import type { Metadata } from "next";
import { ArticleScreen, articleMetadata } from "./article-screen";

export const revalidate = 60;

// Articles render on their first request and are then served from the cache; nothing is
// prerendered at build time. Commenters (cookies, ?replytocom) are sent by proxy.ts to the
// uncached ./respond variant instead, so this page never reads cookies, headers or the query.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return articleMetadata((await params).slug);
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  return <ArticleScreen slug={slug} commentPage={null} viewer={null} />;
}
