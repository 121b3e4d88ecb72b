// The essence of WordPress's wpautop(): classic-editor content is stored with blank lines where the
// paragraphs are, and WordPress adds the <p> and <br /> tags only when it displays the post. Content made
// with the block editor already has its tags and must not go through this.

const BLOCK_TAGS =
  "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";
const OPENING_BLOCK = new RegExp(`(<${BLOCK_TAGS}[\\s/>])`, "gi");
const CLOSING_BLOCK = new RegExp(`(</${BLOCK_TAGS}>)`, "gi");
const WRAPPED_BLOCK = new RegExp(`<p>\\s*(</?${BLOCK_TAGS}[^>]*>)\\s*</p>`, "gi");
const P_BEFORE_BLOCK = new RegExp(`<p>\\s*(</?${BLOCK_TAGS}[^>]*>)`, "gi");
const P_AFTER_BLOCK = new RegExp(`(</?${BLOCK_TAGS}[^>]*>)\\s*</p>`, "gi");
const BR_AFTER_BLOCK = new RegExp(`(</?${BLOCK_TAGS}[^>]*>)\\s*<br />`, "gi");
const BR_BEFORE_BLOCK = /<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi;

// Placeholders from the Unicode private-use area: they cannot be in the text, and \s does not match them.
const NEWLINE_IN_TAG = "\uE000";
const KEPT_NEWLINE = "\uE001";

/** Blank lines become paragraphs; with `br`, single newlines inside a paragraph become <br />. */
export function wpautop(text: string, br = true): string {
  if (text.trim() === "") return "";
  let s = `${text.replace(/\r\n?/g, "\n").replace(/[\uE000\uE001]/g, "")}\n`;

  // <pre> keeps its own line breaks: set it aside and put it back at the end.
  const pres: string[] = [];
  s = s.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `<pre wp-pre-tag-${pres.push(pre) - 1}></pre>`);

  s = s
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, "\n\n")
    .replace(OPENING_BLOCK, "\n\n$1")
    .replace(CLOSING_BLOCK, "$1\n\n")
    .replace(/(<hr\s*?\/?>)/gi, "$1\n\n")
    // A tag written over several lines is still one tag, not a paragraph break.
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, (tag) => tag.replace(/\n/g, NEWLINE_IN_TAG))
    .replace(/\s*(<figcaption[^>]*>)/gi, "$1")
    .replace(/<\/figcaption>\s*/gi, "</figcaption>")
    .replace(/\n\n+/g, "\n\n");

  s = s
    .split(/\n\s*\n/)
    .filter((chunk) => chunk !== "")
    .map((chunk) => `<p>${chunk.replace(/^\n+|\n+$/g, "")}</p>\n`)
    .join("");

  s = s
    .replace(/<p>\s*<\/p>/g, "")
    .replace(/<p>([^<]+)<\/(div|address|form)>/g, "<p>$1</p></$2>")
    .replace(WRAPPED_BLOCK, "$1")
    .replace(/<p>(<li.+?)<\/p>/g, "$1")
    .replace(/<p><blockquote([^>]*)>/gi, "<blockquote$1><p>")
    .replace(/<\/blockquote><\/p>/g, "</p></blockquote>")
    .replace(P_BEFORE_BLOCK, "$1")
    .replace(P_AFTER_BLOCK, "$1");

  if (br) {
    s = s
      .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, (m) => m.replace(/\n/g, KEPT_NEWLINE))
      .replace(/<br>|<br\/>/g, "<br />")
      .replace(/(?<!<br \/>)\s*\n/g, "<br />\n")
      .replaceAll(KEPT_NEWLINE, "\n");
  }

  s = s
    .replace(BR_AFTER_BLOCK, "$1")
    .replace(BR_BEFORE_BLOCK, "$1")
    .replace(/\n<\/p>$/, "</p>")
    .replace(/<pre wp-pre-tag-(\d+)><\/pre>/g, (_, i: string) => pres[Number(i)])
    .replaceAll(NEWLINE_IN_TAG, "\n");
  return s;
}
