import type { RememberedAuthor } from "@/lib/comments/cookies";

// A remembered commenter (WordPress's "Save my name, email, and website…") reads the same stored page
// as everyone else, with their details put into the reply form here: in the HTML, for the page as it
// arrives, and in the page's inlined RSC payload, the props React hydrates the form from (otherwise
// hydration would reset the fields to the shared page's empty values). The values come from the
// visitor's own cookie and go only to them; they are escaped for where they land.
//
// The markers are what React renders for components/comments/reply-form.tsx. Each must occur exactly
// once: if the form changes shape, the page is not filled in here and Next renders it per visitor.

const REPLY_FORM = 'id="reply-title"';
const FIELDS = { author: 'name="author" value=""', email: 'name="email" value=""', url: 'name="url" value=""' };
const REMEMBER = 'name="remember"/>';
// The ReplyForm's props inside `self.__next_f.push([1, "…"])`: JSON in a JavaScript string in HTML.
const PAYLOAD_PREFILL = '\\"prefill\\":null';

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "'": "&#39;",
  "<": "&lt;",
  ">": "&gt;",
};
const escapeAttribute = (value: string) => value.replace(/[&"'<>]/g, (c) => ATTRIBUTE_ESCAPES[c]);

// Next escapes these in inlined payload scripts (htmlEscapeJsonString), so `</script>` cannot end one.
const SCRIPT_ESCAPES: Record<string, string> = {
  "&": "\\u0026",
  ">": "\\u003e",
  "<": "\\u003c",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
const escapeInScript = (value: string) => value.replace(/[&><\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]);
// React's payload marks references with a leading `$`; a string that starts with one is sent as `$$…`.
const flightString = (value: string) => (value.startsWith("$") ? `$${value}` : value);

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
  if (html === null) return null;
  const props = `"prefill":${JSON.stringify({
    author: flightString(values.author),
    email: flightString(values.email),
    url: flightString(values.url),
  })}`;
  html = replaceOnce(html, PAYLOAD_PREFILL, escapeInScript(JSON.stringify(props).slice(1, -1)));
  return html === null ? null : Buffer.from(html, "utf8");
}
