import {
  $convertFromMarkdownString,
  $convertToMarkdownString,
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  INLINE_CODE,
  ITALIC_STAR,
  LINK,
  ORDERED_LIST,
  QUOTE,
  STRIKETHROUGH,
  UNORDERED_LIST,
  type ElementTransformer,
  type MultilineElementTransformer,
  type TextMatchTransformer,
  type Transformer,
} from "@lexical/markdown";
import { $createHeadingNode, $isHeadingNode, HeadingNode, QuoteNode, type HeadingTagType } from "@lexical/rich-text";
import { ListItemNode, ListNode } from "@lexical/list";
import { AutoLinkNode, LinkNode } from "@lexical/link";
import {
  $createHorizontalRuleNode,
  $isHorizontalRuleNode,
  HorizontalRuleNode,
} from "@lexical/react/LexicalHorizontalRuleNode";
import { $isTextNode, type Klass, type LexicalNode } from "lexical";
import { figureMarkdown, parseFigureLine } from "@/lib/content/figure";
import { $createImageNode, $isImageNode, ImageNode } from "./image-node";
import { $createRawBlockNode, $isRawBlockNode, RawBlockNode } from "./raw-block-node";

// The story body is stored as Markdown (lib/content); these transformers are the editor's side of it:
// what the editor reads from Markdown, writes back, and recognises while typing (`## `, `> `, `- `…).

/** Every node the body editor may hold. */
export const STORY_NODES: Klass<LexicalNode>[] = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
  HorizontalRuleNode,
  ImageNode,
  RawBlockNode,
];

/** The article's headline is the page's h1, so the body's headings are h2 to h4 (the sanitiser allows those). */
const HEADING: ElementTransformer = {
  dependencies: [HeadingNode],
  export: (node, exportChildren) => {
    if (!$isHeadingNode(node)) return null;
    return `${"#".repeat(Number(node.getTag().slice(1)))} ${exportChildren(node)}`;
  },
  regExp: /^(#{2,4})\s/,
  replace: (parent, children, match) => {
    const heading = $createHeadingNode(`h${match[1].length}` as HeadingTagType);
    heading.append(...children);
    parent.replace(heading);
    heading.select(0, 0);
  },
  type: "element",
};

const DIVIDER: ElementTransformer = {
  dependencies: [HorizontalRuleNode],
  export: (node) => ($isHorizontalRuleNode(node) ? "---" : null),
  regExp: /^(---|\*\*\*|___)\s?$/,
  replace: (parent, _children, _match, isImport) => {
    const rule = $createHorizontalRuleNode();
    if (isImport || parent.getNextSibling() != null) parent.replace(rule);
    else parent.insertBefore(rule);
    rule.selectNext();
  },
  type: "element",
};

const FIGURE: ElementTransformer = {
  dependencies: [ImageNode],
  export: (node) => {
    if (!$isImageNode(node)) return null;
    if (node.isPasted()) return "";
    const image = node.getImage();
    if (node.isFigure()) return figureMarkdown(image);
    return `![${image.alt.replace(/([\\[\]])/g, "\\$1")}](${/[\s()<>]/.test(image.src) ? `<${image.src}>` : image.src})`;
  },
  // Read by RAW_BLOCK below, which sees every HTML block first.
  regExp: /(?!)/,
  replace: () => false,
  type: "element",
};

/** Where a block the editor keeps as source ends: a closing fence, else (HTML, tables) the next blank line. */
function rawBlockEnd(lines: string[], start: number, fence: string | undefined): number {
  if (fence) {
    const close = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`);
    for (let i = start + 1; i < lines.length; i++) if (close.test(lines[i])) return i;
    return lines.length - 1;
  }
  let end = start;
  while (end + 1 < lines.length && lines[end + 1].trim() !== "") end++;
  return end;
}

/**
 * HTML blocks, fenced code and tables: Markdown the visual editor cannot edit without changing what
 * readers see, kept as written (RawBlockNode). An HTML block that is the editor's own figure line is
 * read as an image instead.
 */
const RAW_BLOCK: MultilineElementTransformer = {
  dependencies: [RawBlockNode, ImageNode],
  export: (node) => ($isRawBlockNode(node) ? node.getMarkdown() : null),
  regExpStart: /^(?:<\/?[a-zA-Z][\w-]*(?:[\s>/]|$)|<!--| {0,3}(`{3,}|~{3,})|\|)/,
  handleImportAfterStartMatch: ({ lines, rootNode, startLineIndex, startMatch }) => {
    const end = rawBlockEnd(lines, startLineIndex, startMatch[1]);
    const source = lines.slice(startLineIndex, end + 1).join("\n");
    const image = end === startLineIndex ? parseFigureLine(source) : null;
    rootNode.append(image ? $createImageNode(image, true) : $createRawBlockNode(source));
    return [true, end];
  },
  replace: () => false,
  type: "multiline-element",
};

// Characters Lexical's export leaves as they are but Markdown would read as syntax: a bracket makes a
// link, `<` HTML, `&` an entity. Each goes out as a numeric character reference (a backslash would not
// stop Lexical's own link import), so typed text comes back as typed. Private-use placeholders carry
// them through Lexical's escaping.
const LITERAL = /[[\]]|<(?=[a-zA-Z/!?])|&(?=#?[a-zA-Z0-9]+;)/g;
const PLACEHOLDER_BASE = 0xe000;
const LITERALS = "[]<&";

const PLAIN_TEXT: TextMatchTransformer = {
  dependencies: [],
  export: (node, _children, exportFormat) => {
    if (!$isTextNode(node) || node.hasFormat("code")) return null;
    const marked = node
      .getTextContent()
      .replace(LITERAL, (c) => String.fromCharCode(PLACEHOLDER_BASE + LITERALS.indexOf(c)));
    let out = exportFormat(node, marked).replace(
      /[\ue000-\ue003]/g,
      (c) => `&#${LITERALS.charCodeAt(c.charCodeAt(0) - PLACEHOLDER_BASE)};`,
    );
    // A block that starts like a heading, quote, list, divider or table would become one.
    if (
      node.getPreviousSibling() === null &&
      ["paragraph", "quote", "listitem"].includes(node.getParent()?.getType() ?? "")
    )
      out = out
        .replace(/^(#{1,6}(?:\s|$)|>|\||[-+](?:\s|$)|(?:---|\*\*\*|___)\s*$)/, "\\$1")
        .replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
    return out;
  },
  regExp: /(?!)/,
  type: "text-match",
};

/** A Markdown image alone on its line, as imports write an image without a caption. */
const MARKDOWN_IMAGE: ElementTransformer = {
  dependencies: [ImageNode],
  export: () => null,
  regExp: /^!\[((?:\\.|[^\]\\])*)\]\((<[^>\s]*>|[^\s()<>]+)\)\s*$/,
  replace: (parent, _children, match) => {
    const image = {
      src: match[2].replace(/^<|>$/g, ""),
      alt: match[1].replace(/\\(.)/g, "$1"),
      caption: "",
      credit: "",
    };
    parent.replace($createImageNode(image, false));
  },
  type: "element",
};

export const STORY_TRANSFORMERS: Transformer[] = [
  RAW_BLOCK,
  FIGURE,
  MARKDOWN_IMAGE,
  HEADING,
  QUOTE,
  UNORDERED_LIST,
  ORDERED_LIST,
  DIVIDER,
  INLINE_CODE,
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  ITALIC_STAR,
  STRIKETHROUGH,
  LINK,
  PLAIN_TEXT,
];

/** Inside editor.update(): the Markdown read into the editor, replacing what it held. */
export function $setMarkdown(markdown: string): void {
  $convertFromMarkdownString(markdown, STORY_TRANSFORMERS, undefined, false);
}

/** Inside editor.read(): the editor's content as the Markdown the form posts. */
export function $getMarkdown(): string {
  return $convertToMarkdownString(STORY_TRANSFORMERS, undefined, false);
}
