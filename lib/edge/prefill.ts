import type { RememberedAuthor } from "@/lib/comments/cookies";

// A remembered commenter (WordPress's "Save my name, email, and website…") reads the same stored page
// as everyone else, with their details put into the reply form's fields here. Reader pages carry no
// RSC payload to hydrate from (lib/edge/reader-page.ts), so the HTML is all there is to fill in. The
// values come from the visitor's own cookie and go only to them, escaped as attribute values.
//
// The markers are what React renders for components/comments/reply-form.tsx. Each must occur exactly
// once: if the form changes shape, the page is not filled in here and Next renders it per visitor.

const REPLY_FORM = 'id="reply-title"';
const FIELDS = { author: 'name="author" value=""', email: 'name="email" value=""', url: 'name="url" value=""' };
const REMEMBER = 'name="remember"/>';

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "'": "&#39;",
  "<": "&lt;",
  ">": "&gt;",
};
const escapeAttribute = (value: string) => value.replace(/[&"'<>]/g, (c) => ATTRIBUTE_ESCAPES[c]);

function replaceOnce(text: string, marker: string, replacement: string): string | null {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + marker.length) >= 0) return null;
  return text.slice(0, at) + replacement + text.slice(at + marker.length);
}

/**
 * The page with the reply form filled in for `author`: the page itself when it has no reply form, or
 * null when it has one that cannot be filled in safely here.
 */
export function prefillReplyForm(page: Buffer, author: RememberedAuthor): Buffer | null {
  let html: string | null = page.toString("utf8");
  if (!html.includes(REPLY_FORM)) return page;
  const values = { author: author.name, email: author.email, url: author.url };
  for (const [field, marker] of Object.entries(FIELDS) as [keyof typeof FIELDS, string][]) {
    html = replaceOnce(html, marker, `${marker.slice(0, -2)}"${escapeAttribute(values[field])}"`);
    if (html === null) return null;
  }
  html = replaceOnce(html, REMEMBER, 'name="remember" checked=""/>');
  return html === null ? null : Buffer.from(html, "utf8");
}
