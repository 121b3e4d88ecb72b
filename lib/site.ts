export function siteUrl(): string {
  return (process.env.SITE_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** Cookies are marked Secure (and sessions use the __Secure- name) when the site is on https. */
export function servedOverHttps(): boolean {
  return siteUrl().startsWith("https://");
}

/** Signs sessions and commenters' cookies; `npm start` generates one when neither is set. */
export function authSecret(): string | undefined {
  return process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
}

export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl() + "/").toString();
}

export const articlePath = (slug: string) => `/articles/${slug}`;
export const sectionPath = (slug: string) => `/${slug}`;
export const pagePath = (slug: string) => `/${slug}`;
export const tagPath = (slug: string) => `/tags/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;
