import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/layout/not-found-message";

// The reader's 404 page as plain HTML, in the site's layout: the edge sends it, with status 404, for
// every reader address Next answers with its empty not-found shell (lib/edge/reader-page.ts).
export const revalidate = 60;

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function PageNotFound() {
  return <NotFoundMessage />;
}
