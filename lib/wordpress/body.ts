// WordPress post content → this publication's body: Markdown that lib/articles/markdown.ts renders with marked
// and sanitises. Two steps so the importer can copy images in between: `parseBody` (blocks, shortcodes,
// wpautop, sanitising; it lists the images) and `bodyToMarkdown` (with each image's new address).
import sanitizeHtml from "sanitize-html";
import { pathOnSite } from "./old-links";
import { convertShortcodes, embedLink, type ShortcodeReport } from "./shortcodes";
import { markdownConverter } from "./turndown";
import { uploadsPathFromUrl } from "./uploads";
import { wpautop } from "./wpautop";

export type BodyImage = {
  /** The address as the content has it (entities decoded). */
  url: string;
  /** Its path under wp-content/uploads, or null for an image hosted elsewhere. */
  uploadsPath: string | null;
};

export type ParsedBody = {
  /** Clean HTML with only the tags the Markdown conversion understands. */
  html: string;
  images: BodyImage[];
  /** Shortcodes left as text, by name. */
  unknownShortcodes: Map<string, number>;
  /** Embeds (blocks, [embed], media, iframes, bare URL lines) turned into links. */
  embeds: number;
  /** Dynamic blocks (latest posts, archives…) that have no content of their own to keep. */
  droppedBlocks: Map<string, number>;
};

/** A new address for an image (string), none: drop it (null), or keep the one it has (undefined). */
export type RewriteImage = (image: BodyImage) => string | null | undefined;

export type BodyOptions = {
  /** The old site's address: links to it become site-relative, so the redirects can answer them. */
  siteUrl?: string;
};

const BLOCK_EMBED =
  /<!--\s+wp:(embed|core-embed\/[\w-]+)(\s+\{[\s\S]*?\})?\s+-->([\s\S]*?)<!--\s+\/wp:(?:embed|core-embed\/[\w-]+)\s+-->/g;
const SELF_CLOSING_BLOCK = /<!--\s+wp:([a-z][\w/-]*)(?:\s+\{[\s\S]*?\})?\s+\/-->/g;
const BLOCK_DELIMITER = /<!--\s+\/?wp:[a-z][\w/-]*(?:\s+\{[\s\S]*?\})?\s+\/?-->/g;
const SMILEY = /<img\s[^>]*?class=["'][^"']*\bwp-smiley\b[^"']*["'][^>]*>/gi;
const MEDIA_WITH_SOURCE = /<(video|audio)\b[^>]*>[\s\S]*?<source\s[^>]*?src=["']([^"']+)["'][\s\S]*?<\/\1>/gi;
const BARE_URL_LINE = /^[ \t]*(?:<p>)?[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*(?:<\/p>)?[ \t]*$/gim;

export function parseBody(content: string, options: BodyOptions = {}): ParsedBody {
  const report: ShortcodeReport = { unknown: new Map(), embeds: 0 };
  const droppedBlocks = new Map<string, number>();
  let html = content.replace(/\r\n?/g, "\n");
  const hasBlocks = /<!--\s+wp:/.test(html);
  if (hasBlocks) {
    html = html
      .replace(BLOCK_EMBED, (_, _name, json: string | undefined, inner: string) => {
        const link = embedLink(embedUrl(json, inner) ?? "");
        if (!link) return inner;
        report.embeds++;
        const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(inner)?.[1]?.trim();
        return `${link}${caption ? `<p>${caption}</p>` : ""}`;
      })
      .replace(SELF_CLOSING_BLOCK, (_, name: string) => {
        droppedBlocks.set(name, (droppedBlocks.get(name) ?? 0) + 1);
        return "";
      })
      .replace(BLOCK_DELIMITER, "");
  }
  html = convertShortcodes(html, report).replace(BARE_URL_LINE, (line, url: string) => {
    const link = embedLink(url);
    if (!link) return line;
    report.embeds++;
    return link;
  });
  // WordPress adds paragraphs to classic content when it shows it; block content already has them.
  if (!hasBlocks) html = wpautop(html);
  html = html
    .replace(SMILEY, (img) => /\balt=["']([^"']*)["']/i.exec(img)?.[1] ?? "")
    .replace(MEDIA_WITH_SOURCE, (_, _tag, src: string) => {
      report.embeds++;
      return embedLink(src) ?? "";
    });
  const images: BodyImage[] = [];
  const sanitized = sanitizeHtml(html, importSanitizer(images, report, options.siteUrl ?? ""));
  return { html: sanitized, images, unknownShortcodes: report.unknown, embeds: report.embeds, droppedBlocks };
}

export function bodyToMarkdown(parsed: ParsedBody, rewriteImage?: RewriteImage): string {
  return markdownConverter(parsed.html, (url) => {
    const image = parsed.images.find((i) => i.url === url) ?? { url, uploadsPath: uploadsPathFromUrl(url) };
    const rewritten = rewriteImage?.(image);
    return rewritten === undefined ? url : rewritten;
  });
}

export type ConvertedBody = Omit<ParsedBody, "html"> & { markdown: string };

/** Both steps at once, for a caller whose image addresses are known up front. */
export function convertBody(
  content: string,
  options: BodyOptions & { rewriteImage?: RewriteImage } = {},
): ConvertedBody {
  const { html, ...parsed } = parseBody(content, options);
  return { ...parsed, markdown: bodyToMarkdown({ html, ...parsed }, options.rewriteImage) };
}

function embedUrl(json: string | undefined, inner: string): string | null {
  if (json) {
    try {
      const url = (JSON.parse(json) as { url?: unknown }).url;
      if (typeof url === "string") return url;
    } catch {
      // fall back to the address inside the block
    }
  }
  return /https?:\/\/[^\s<>"]+/.exec(inner)?.[0] ?? null;
}

const IMPORT_TAGS = [
  "p",
  "br",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "ul",
  "ol",
  "li",
  "strong",
  "b",
  "em",
  "i",
  "a",
  "code",
  "pre",
  "hr",
  "figure",
  "figcaption",
  "img",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "del",
  "s",
  "strike",
  "sup",
  "sub",
  "div",
  "section",
  "cite",
  "dl",
  "dt",
  "dd",
];

function importSanitizer(images: BodyImage[], report: ShortcodeReport, siteUrl: string): sanitizeHtml.IOptions {
  const embed = (attribs: sanitizeHtml.Attributes) => {
    const src = attribs.src?.startsWith("//") ? `https:${attribs.src}` : (attribs.src ?? "");
    if (/^https?:\/\//i.test(src)) report.embeds++;
    return { tagName: "a", attribs: { href: src }, text: src };
  };
  return {
    allowedTags: IMPORT_TAGS,
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "title"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "svg", "object"],
    transformTags: {
      iframe: (_, attribs) => embed(attribs),
      video: (_, attribs) => embed(attribs),
      audio: (_, attribs) => embed(attribs),
      img: (tagName, attribs) => {
        const src = attribs.src?.startsWith("//") ? `https:${attribs.src}` : (attribs.src ?? "");
        if (/^(https?:\/\/|\/)/i.test(src) && !images.some((i) => i.url === src)) {
          images.push({ url: src, uploadsPath: uploadsPathFromUrl(src) });
        }
        return { tagName, attribs: { ...attribs, src } };
      },
      a: (tagName, attribs) =>
        attribs.href
          ? { tagName, attribs: { ...attribs, href: relativeToSite(attribs.href, siteUrl) } }
          : { tagName, attribs },
    },
    exclusiveFilter: (frame) =>
      (frame.tag === "img" && !frame.attribs.src) || (frame.tag === "a" && !frame.attribs.href && !frame.text.trim()),
  };
}

/** A link to a story on the old site keeps working as a site-relative link that the redirects answer. */
function relativeToSite(href: string, siteUrl: string): string {
  if (!siteUrl || !/^https?:\/\//i.test(href) || href.includes("/wp-content/")) return href;
  const onSite = pathOnSite(href, siteUrl);
  if (!onSite) return href;
  const hash = /#.*$/.exec(href)?.[0] ?? "";
  return `${onSite.pathname}${onSite.search}${hash}` || "/";
}
