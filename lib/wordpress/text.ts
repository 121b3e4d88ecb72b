import sanitizeHtml from "sanitize-html";

const NO_TAGS: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: ["script", "style"] };

/** sanitize-html decodes every entity it reads and escapes only these on the way out. */
function unescapeSanitized(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** Visible text of a WordPress title or excerpt: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  return unescapeSanitized(sanitizeHtml(html, NO_TAGS)).replace(/\s+/g, " ").trim();
}

/**
 * A WordPress comment (light HTML, paragraphs as blank lines) as the plain text this publication stores
 * for comments: paragraphs and line breaks kept, a link's address kept beside its words so the reader's
 * autolinking still finds it.
 */
export function commentToText(html: string): string {
  if (!/[<&]/.test(html)) return tidyText(html.replace(/\r\n?/g, "\n"));
  const marked = html
    .replace(/\r\n?/g, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?(p|blockquote|li|div)(\s[^>]*)?>/gi, "\n\n")
    .replace(/<a\s[^>]*?href\s*=\s*(["'])(https?:\/\/[^"']+)\1[^>]*>([\s\S]*?)<\/a>/gi, (_, _q, href, inner) => {
      const text = inner.replace(/<[^>]*>/g, "").trim();
      return text && text !== href ? `${inner} (${href})` : href;
    });
  return tidyText(unescapeSanitized(sanitizeHtml(marked, NO_TAGS)));
}

function tidyText(text: string): string {
  return text
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** At most `max` characters, cut at a word boundary with an ellipsis. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
