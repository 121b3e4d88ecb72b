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
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "ioredis"],
  images: {
    formats: ["image/avif", "image/webp"],
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
