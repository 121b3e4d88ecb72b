import type { Metadata } from "next";

/**
 * Open Graph and Twitter card tags for a list page (section, tag, author), so a shared link shows a
 * title and description instead of the site's defaults. Paths resolve against metadataBase (SITE_URL).
 */
export function listSharing(
  title: string,
  description: string,
  path: string,
  imagePath?: string | null,
): Pick<Metadata, "openGraph" | "twitter"> {
  const images = imagePath ? [{ url: imagePath }] : undefined;
  return {
    openGraph: { type: "website", title, url: path, ...(description ? { description } : {}), images },
    twitter: { card: "summary", title, ...(description ? { description } : {}), images },
  };
}
