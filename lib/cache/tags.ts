// Every cache tag in the app. Reader pages collect these through the cached reads in lib/data;
// actions invalidate exactly the ones their change touches.
export const CACHE_TAGS = {
  // Carried by every cached read: settings, and renames of a section, tag or author, touch every page.
  site: "site",
  // Home, latest lists, feeds and sitemaps: any change to what is published.
  latest: "articles:latest",
  article: (slug: string) => `article:${slug}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  // A tag page looked up by a slug no tag had yet.
  tagSlug: (slug: string) => `tag-slug:${slug}`,
  author: (id: number) => `author:${id}`,
  comments: (articleId: number) => `comments:${articleId}`,
  // Old addresses of an imported site (WordPress permalinks) and where they lead.
  oldLinks: "old-links",
  // The editors' picks for the home page (lead, Top stories).
  frontPage: "front-page",
  // The Breaking banner, on every reader page.
  breaking: "breaking",
  // A static page at the root (/about), by its slug; and the list of them (the sitemap).
  page: (slug: string) => `page:${slug}`,
  pages: "pages",
  // The header and footer menus, on every reader page.
  menus: "menus",
} as const;

// Reader pages and cached reads are rendered afresh at least this often: a safety net for what changes
// by the clock alone without a tag (comments closing after N days). Scheduled stories do not wait for
// it: lib/cache/schedule.ts invalidates their tags the second they come due. Each route's
// `export const revalidate` literal must equal this (tests/schedule-sweep.test.ts).
export const SCHEDULE_GRANULARITY_SECONDS = 60;
