// A quick count of a Markdown body's words for the editor's status line, in the browser (the server's
// storyWordCount in render.ts counts the rendered text, for JSON-LD). Figures and images are left out.

const WORDS_PER_MINUTE = 230;

export function countMarkdownWords(markdown: string): number {
  const text = markdown
    .replace(/<figure\b[\s\S]*?<\/figure>/gi, " ")
    .replace(/!\[(?:\\.|[^\]\\])*\]\([^)]*\)/g, " ")
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/\\(.)/g, "$1");
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []).length;
}

/** Minutes to read, as news sites show it: at least one for any text. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
