import { fileURLToPath } from "node:url";

// The address shapes a WordPress site answered on. They go to the old-link route (301 to the imported
// story, section, tag or author, else 404) before any page is matched: /2024/05/slug would otherwise be
// taken for a section. A single-segment /slug/ permalink is looked up by the section page when no
// section has that slug.
const WORDPRESS_PATHS = [
  "/:year(\\d{4})/:rest*",
  "/category/:rest*",
  "/tag/:rest*",
  "/author/:rest*",
  "/archives/:rest*",
  "/index.php/:rest*",
  "/feed/:rest*",
  "/comments/feed/:rest*",
  "/wp-content/uploads/:rest*",
];
// ?p=, ?page_id=, ?cat= and ?author= take WordPress ids; anything else in them is no old link.
const WORDPRESS_QUERIES = [
  { type: "query", key: "p", value: "\\d+" },
  { type: "query", key: "page_id", value: "\\d+" },
  { type: "query", key: "cat", value: "\\d+" },
  { type: "query", key: "author", value: "\\d+" },
  { type: "query", key: "tag" },
  { type: "query", key: "feed" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  cacheHandler: fileURLToPath(new URL("./lib/cache/cache-handler.mjs", import.meta.url)),
  // The handler above is the only in-memory cache; a second default one would just double memory.
  cacheMaxMemorySize: 0,
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc) before the end-to-end build; that build need not do it
  // again (half a minute of CI). Every other build checks types.
  typescript: { ignoreBuildErrors: process.env.NEWSROOM_TYPES_CHECKED === "1" },
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "ioredis", "prom-client"],
  images: {
    formats: ["image/avif", "image/webp"],
    // Every width here is one more URL in every image's srcset, in the HTML of every page (the home
    // page's 19 images carried 8 each, 15.7 KB). No image slot is wider than 896 CSS px: four widths
    // cover phones at 2x and 3x (828, 1200) and the article figure at 1x and 2x (1200, 1920).
    deviceSizes: [640, 828, 1200, 1920],
  },
  async rewrites() {
    return {
      beforeFiles: [
        ...WORDPRESS_PATHS.map((source) => ({ source, destination: `/old-link${source.replace(/\(.*?\)/, "")}` })),
        ...WORDPRESS_QUERIES.map((query) => ({ source: "/", has: [query], destination: "/old-link" })),
      ],
    };
  },
  experimental: {
    serverActions: { bodySizeLimit: "12mb" },
  },
};

export default nextConfig;
