import { renderStoryHtml } from "@/lib/content/render";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The body rendered from Markdown, with the dateline ("ISTANBUL —") opening the first paragraph. */
export function ArticleBody({ body, dateline }: { body: string; dateline: string }) {
  let html = renderStoryHtml(body);
  if (dateline) {
    const mark = `<span class="font-sans text-[0.85em] font-bold tracking-wide">${escapeHtml(dateline.toUpperCase())} —</span> `;
    html = html.startsWith("<p>") ? `<p>${mark}${html.slice(3)}` : `<p>${mark}</p>${html}`;
  }
  return <div className="prose-news" dangerouslySetInnerHTML={{ __html: html }} />;
}
