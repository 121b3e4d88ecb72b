import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Article bodies are written by staff in Markdown; they are still sanitised, because an account
// can be compromised and a contributor's draft is previewed by editors. Whatever a crafted save
// sends, this is the only way a body reaches a reader: the article page, feeds and previews.

/** The widths next/image serves (next.config.js deviceSizes), so a figure is responsive like the feature image. */
const IMAGE_WIDTHS = [640, 828, 1200, 1920];
/** The article column (article-view.tsx gives the feature image the same). */
const FIGURE_SIZES = "(min-width: 1024px) 896px, 100vw";

const ALLOWED_TAGS = [
  "p",
  "br",
  "h2",
  "h3",
  "h4",
  "blockquote",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "a",
  "code",
  "pre",
  "hr",
  "figure",
  "figcaption",
  "small",
  "img",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "del",
  "sup",
  "sub",
];

function optimizedUrl(src: string, width: number): string {
  return `/_next/image?url=${encodeURIComponent(src)}&w=${width}&q=75`;
}

/** Our own uploads get the responsive srcset; any srcset a body carries itself is dropped. */
function imageAttributes(attribs: sanitizeHtml.Attributes, responsive: boolean): sanitizeHtml.Attributes {
  const { src = "", alt = "", title, width, height } = attribs;
  const out: sanitizeHtml.Attributes = { src, alt, loading: "lazy" };
  if (title) out.title = title;
  if (width && height) Object.assign(out, { width, height });
  if (responsive && /^\/uploads\/[\w.-]+$/.test(src)) {
    out.srcset = IMAGE_WIDTHS.map((w) => `${optimizedUrl(src, w)} ${w}w`).join(", ");
    out.sizes = FIGURE_SIZES;
  }
  return out;
}

function sanitizerOptions(responsive: boolean): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height", "loading", "srcset", "sizes"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const external = /^https?:\/\//i.test(attribs.href ?? "");
        return { tagName, attribs: external ? { ...attribs, rel: "noopener" } : attribs };
      },
      img: (tagName, attribs) => ({ tagName, attribs: imageAttributes(attribs, responsive) }),
    },
  };
}

const PAGE = sanitizerOptions(true);
const FEED = sanitizerOptions(false);

function markdownHtml(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true, breaks: false });
}

/** The body as readers see it on the article page: sanitised, images lazy, our uploads responsive. */
export function renderStoryHtml(markdown: string): string {
  return sanitizeHtml(markdownHtml(markdown), PAGE);
}

/** The body for feeds: the same HTML without srcset (feed readers fetch one absolute `src`). */
export function renderStoryFeedHtml(markdown: string): string {
  return sanitizeHtml(markdownHtml(markdown), FEED);
}

/** The words of the body, for search, summaries and JSON-LD: figures (image, caption, credit) are left out. */
export function storyPlainText(markdown: string): string {
  return sanitizeHtml(renderStoryFeedHtml(markdown), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "figure"],
  })
    .replace(/\s+/g, " ")
    .trim();
}

export function storyWordCount(markdown: string): number {
  const text = storyPlainText(markdown);
  return text ? text.split(" ").length : 0;
}
