import type { MetadataRoute } from "next";
import { getSettings } from "@/lib/data/settings";
import { BRAND_ICONS } from "@/lib/metadata/brand";

export const revalidate = 60;

export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const settings = await getSettings();
  return {
    name: settings.siteTitle,
    short_name: settings.siteTitle,
    description: settings.tagline,
    start_url: "/",
    display: "browser",
    background_color: "#ffffff",
    theme_color: "#171717",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      ...BRAND_ICONS.map((i) => ({ src: i.path, sizes: `${i.size}x${i.size}`, type: "image/png" })),
    ],
  };
}
