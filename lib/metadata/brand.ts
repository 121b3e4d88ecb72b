import { absoluteUrl } from "@/lib/site";

// The publication's mark, drawn by scripts/generate-icons.ts and served from public/brand.
export const BRAND_ICONS = [
  { path: "/brand/logo-192.png", size: 192 },
  { path: "/brand/logo-512.png", size: 512 },
] as const;

/** The logo as schema.org wants it for a publisher: an ImageObject with its size. */
export function logoImageObject() {
  const logo = BRAND_ICONS[1];
  return { "@type": "ImageObject", url: absoluteUrl(logo.path), width: logo.size, height: logo.size };
}

/** The publisher block shared by every JSON-LD document of the site. */
export function publisherJsonLd(siteTitle: string) {
  return {
    "@type": "NewsMediaOrganization",
    "@id": absoluteUrl("/#publisher"),
    name: siteTitle,
    url: absoluteUrl("/"),
    logo: logoImageObject(),
  };
}
