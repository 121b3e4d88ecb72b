// An image placed in the story. It is stored in the Markdown body as one line of HTML that Markdown
// keeps as an HTML block and the server's sanitiser lets through:
//   <figure><img src="/uploads/ab12.webp" alt="What it shows"><figcaption>Caption<small>Credit</small></figcaption></figure>
// An image without caption or credit may also be plain Markdown, `![alt](src)`, as WordPress imports
// write it. This file is shared by the editor (client) and the server, so it imports nothing.

export type StoryImage = { src: string; alt: string; caption: string; credit: string };

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
  );
}

/** One line of figure HTML; newlines in the texts would end Markdown's HTML block, so they become spaces. */
export function figureMarkdown(image: StoryImage): string {
  const flat = (s: string) => escapeHtml(s.replace(/\s+/g, " ").trim());
  const credit = image.credit.trim() ? `<small>${flat(image.credit)}</small>` : "";
  const caption = image.caption.trim() || credit ? `<figcaption>${flat(image.caption)}${credit}</figcaption>` : "";
  return `<figure><img src="${flat(image.src)}" alt="${flat(image.alt)}">${caption}</figure>`;
}

const FIGURE_LINE =
  /^<figure><img src="([^"<>]*)" alt="([^"<>]*)">(?:<figcaption>([^<>]*)(?:<small>([^<>]*)<\/small>)?<\/figcaption>)?<\/figure>$/;

/** The image of a figure line written by `figureMarkdown` (any other HTML is not the editor's: null). */
export function parseFigureLine(line: string): StoryImage | null {
  const m = FIGURE_LINE.exec(line.trim());
  if (!m) return null;
  return {
    src: unescapeHtml(m[1]),
    alt: unescapeHtml(m[2]),
    caption: unescapeHtml(m[3] ?? ""),
    credit: unescapeHtml(m[4] ?? ""),
  };
}

const MARKDOWN_IMAGE = /!\[((?:\\.|[^\]\\])*)\]\((<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\)/g;
const FIGURE_IMG = /<figure\b[^>]*>(?:(?!<\/figure>)[\s\S])*?(<img\b[^>]*>)/gi;

/** The images a body places as pictures, figures and Markdown images, with their alt text. */
export function bodyImageAlts(markdown: string): { src: string; alt: string }[] {
  const found: { src: string; alt: string }[] = [];
  for (const [, tag] of markdown.matchAll(FIGURE_IMG)) {
    const src = /\bsrc="([^"]*)"/i.exec(tag)?.[1] ?? "";
    const alt = /\balt="([^"]*)"/i.exec(tag)?.[1] ?? "";
    found.push({ src: unescapeHtml(src), alt: unescapeHtml(alt).trim() });
  }
  for (const m of markdown.matchAll(MARKDOWN_IMAGE)) {
    found.push({ src: m[2].replace(/^<|>$/g, ""), alt: m[1].replace(/\\(.)/g, "$1").trim() });
  }
  return found;
}

/**
 * Images without alt text that `next` adds to `before` (the stored body): a story is not published with
 * a new image readers who cannot see it learn nothing about. Images the story already had (a WordPress
 * import's) do not block a correction.
 */
export function newImagesWithoutAlt(next: string, before: string): string[] {
  const known = new Set(
    bodyImageAlts(before)
      .filter((i) => !i.alt)
      .map((i) => i.src),
  );
  return bodyImageAlts(next)
    .filter((i) => !i.alt && !known.has(i.src))
    .map((i) => i.src);
}
