// The records of a WordPress eXtended RSS (WXR 1.2) export, as the reader yields them. Values are the
// file's own strings (dates as "YYYY-MM-DD HH:MM:SS", statuses as WordPress spells them); the mapping
// rules in mapping.ts turn them into this publication's types.

export type WxrSite = {
  title: string;
  link: string;
  description: string;
  language: string;
  wxrVersion: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  generator: string;
};

export type WxrAuthor = {
  id: number | null;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  /** Not written by WordPress's own exporter; some export plugins add it. */
  description: string;
};

export type WxrCategory = {
  termId: number | null;
  slug: string;
  /** The parent's slug ("" for a top-level category); WordPress writes parents before children. */
  parentSlug: string;
  name: string;
  description: string;
};

export type WxrTag = { termId: number | null; slug: string; name: string; description: string };

/** Terms of other taxonomies (nav_menu, post_format, custom ones). */
export type WxrTerm = {
  termId: number | null;
  taxonomy: string;
  slug: string;
  parentSlug: string;
  name: string;
  description: string;
};

/** A `<category domain="…" nicename="…">Name</category>` on an item. */
export type WxrItemTerm = { domain: string; nicename: string; name: string };

export type WxrMeta = { key: string; value: string };

export type WxrComment = {
  id: number;
  author: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  date: string;
  dateGmt: string;
  content: string;
  /** "1", "0", "spam", "trash" or "post-trashed". */
  approved: string;
  /** "" or "comment" for a comment; "pingback", "trackback", "note", or a plugin's own type. */
  type: string;
  parent: number;
  userId: number;
  meta: WxrMeta[];
};

export type WxrItem = {
  postId: number;
  title: string;
  link: string;
  guid: string;
  pubDate: string;
  creator: string;
  description: string;
  content: string;
  excerpt: string;
  postDate: string;
  postDateGmt: string;
  postModified: string;
  postModifiedGmt: string;
  commentStatus: string;
  pingStatus: string;
  postName: string;
  status: string;
  postParent: number;
  menuOrder: number;
  postType: string;
  postPassword: string;
  isSticky: boolean;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  meta: WxrMeta[];
  comments: WxrComment[];
};

export type WxrRecord =
  | { kind: "site"; site: WxrSite }
  | { kind: "author"; author: WxrAuthor }
  | { kind: "category"; category: WxrCategory }
  | { kind: "tag"; tag: WxrTag }
  | { kind: "term"; term: WxrTerm }
  | { kind: "item"; item: WxrItem };

export function metaValue(meta: readonly WxrMeta[], key: string): string | undefined {
  return meta.find((m) => m.key === key)?.value;
}
