import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseCommentPage } from "@/lib/comments/pages";
import { ArticleScreen, articleMetadata } from "../article-screen";

export const revalidate = 60;

// An earlier page of an article's comments (`/articles/<slug>/comment-page-N`, as WordPress names
// them), cached like the article itself; the newest page is the article's own URL. Commenters are
// sent by proxy.ts to the per-visitor ../respond variant with the page in `cpage`.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string; commentPage: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, commentPage } = await params;
  const page = parseCommentPage(commentPage);
  return page ? articleMetadata(slug, page) : {};
}

export default async function ArticleCommentPage({ params }: Props) {
  const { slug, commentPage } = await params;
  const page = parseCommentPage(commentPage);
  if (!page) notFound();
  return <ArticleScreen slug={slug} commentPage={page} viewer={null} />;
}
