// The HTML → Markdown step of the body conversion (Turndown), with the rules this publication's body
// format needs: captioned images stay a <figure> (lib/articles/markdown.ts lets it through), headings fit the
// article's h2–h4, tables stay HTML, and every image address goes through the importer's rewrite.
import sanitizeHtml from "sanitize-html";
import TurndownService from "turndown";
import { escapeAttr } from "./shortcodes";

type Rewrite = (url: string) => string | null;

// Turndown runs synchronously, so the rewrite of the conversion in progress can live here.
let currentRewrite: Rewrite = (url) => url;
let service: TurndownService | null = null;

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|bmp|tiff?)(\?.*)?$/i;
const CAPTION_TAGS: sanitizeHtml.IOptions = {
  allowedTags: ["a", "em", "strong", "code", "br", "sup", "sub"],
  allowedAttributes: { a: ["href", "title"] },
  allowedSchemes: ["http", "https", "mailto"],
};

export function markdownConverter(html: string, rewrite: Rewrite): string {
  service ??= createService();
  currentRewrite = rewrite;
  try {
    return service
      .turndown(html)
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  } finally {
    currentRewrite = (url) => url;
  }
}

function createService(): TurndownService {
  const td = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "*",
    strongDelimiter: "**",
    hr: "---",
  });
  td.keep(["sup", "sub"]);
  td.addRule("heading", {
    filter: ["h1", "h2", "h3", "h4", "h5", "h6"],
    // The headline is the page's h1; the body's headings fit between h2 and h4.
    replacement: (content, node) => {
      const level = Math.min(4, Math.max(2, Number(node.nodeName.charAt(1))));
      const text = content.replace(/\s+/g, " ").trim();
      return text ? `\n\n${"#".repeat(level)} ${text}\n\n` : "";
    },
  });
  td.addRule("strikethrough", {
    filter: ["del", "s", "strike"] as TurndownService.Filter,
    replacement: (c) => `~~${c}~~`,
  });
  td.addRule("figureWithImage", { filter: isImageFigure, replacement: (_, node) => figure(node) });
  td.addRule("figcaption", { filter: "figcaption", replacement: (content) => `\n\n${content.trim()}\n\n` });
  td.addRule("linkedImage", { filter: isLinkedUploadImage, replacement: (content) => content });
  td.addRule("image", {
    filter: "img",
    replacement: (_, node) => {
      const img = node as HTMLImageElement;
      const src = currentRewrite(img.getAttribute("src") ?? "");
      return src ? markdownImage(img.getAttribute("alt") ?? "", src) : "";
    },
  });
  td.addRule("table", {
    filter: "table",
    // Markdown tables cannot hold what WordPress tables do; the renderer allows table HTML. A blank line
    // would end the HTML block in Markdown, so none is left inside.
    replacement: (_, node) => {
      for (const img of Array.from(node.querySelectorAll("img"))) {
        const src = currentRewrite(img.getAttribute("src") ?? "");
        if (src) img.setAttribute("src", src);
        else img.remove();
      }
      return `\n\n${(node as HTMLElement).outerHTML.replace(/\n\s*\n/g, "\n")}\n\n`;
    },
  });
  td.addRule("preformatted", {
    filter: (node) => node.nodeName === "PRE" && node.firstChild?.nodeName !== "CODE",
    replacement: (_, node) => `\n\n\`\`\`\n${(node.textContent ?? "").replace(/\n$/, "")}\n\`\`\`\n\n`,
  });
  return td;
}

function isImageFigure(node: HTMLElement): boolean {
  // (domino answers undefined, not null, when nothing matches)
  return node.nodeName === "FIGURE" && Boolean(node.querySelector("img")) && !node.querySelector("figure");
}

/** <a href="…/uploads/photo.jpg"><img></a>: WordPress's link to the full size; the copy is the image. */
function isLinkedUploadImage(node: HTMLElement): boolean {
  if (node.nodeName !== "A") return false;
  const href = node.getAttribute("href") ?? "";
  const elements = Array.from(node.childNodes).filter((n) => n.nodeType === 1 || (n.textContent ?? "").trim());
  return elements.length === 1 && elements[0].nodeName === "IMG" && IMAGE_FILE.test(href);
}

function markdownImage(alt: string, src: string): string {
  const cleanAlt = alt.replace(/\s+/g, " ").replace(/([\\[\]])/g, "\\$1");
  const target = /[\s()<>]/.test(src) ? `<${src.replace(/[<>]/g, encodeURIComponent)}>` : src;
  return `![${cleanAlt}](${target})`;
}

/** A captioned image stays a <figure> with its <figcaption>; an image without a caption is plain Markdown. */
function figure(node: HTMLElement): string {
  const img = node.querySelector("img")!;
  const alt = img.getAttribute("alt") ?? "";
  const src = currentRewrite(img.getAttribute("src") ?? "");
  const captionNode = node.querySelector("figcaption");
  const caption = captionNode ? sanitizeHtml(captionNode.innerHTML, CAPTION_TAGS).replace(/\s+/g, " ").trim() : "";
  const link = img.parentNode?.nodeName === "A" ? ((img.parentNode as HTMLElement).getAttribute("href") ?? "") : "";
  const pageLink = link && !IMAGE_FILE.test(link) ? link : "";
  if (!src) return caption ? `\n\n${service!.escape(captionNode!.textContent!.replace(/\s+/g, " ").trim())}\n\n` : "";
  if (!caption) {
    const image = markdownImage(alt, src);
    return `\n\n${pageLink ? `[${image}](${pageLink})` : image}\n\n`;
  }
  const imgHtml = `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}">`;
  const inner = pageLink ? `<a href="${escapeAttr(pageLink)}">${imgHtml}</a>` : imgHtml;
  return `\n\n<figure>${inner}<figcaption>${caption}</figcaption></figure>\n\n`;
}
