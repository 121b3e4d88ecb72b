export function siteUrl(): string {
  return (process.env.SITE_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl() + "/").toString();
}

export const articlePath = (slug: string) => `/articles/${slug}`;
export const sectionPath = (slug: string) => `/${slug}`;
export const tagPath = (slug: string) => `/tags/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;
