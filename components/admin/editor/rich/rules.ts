import { $createListItemNode, $createListNode } from "@lexical/list";
import { $createHeadingNode, HeadingNode } from "@lexical/rich-text";
import { $isLinkNode, AutoLinkNode, LinkNode } from "@lexical/link";
import { mergeRegister } from "@lexical/utils";
import {
  $isTextNode,
  TextNode,
  type DOMConversion,
  type DOMConversionMap,
  type LexicalEditor,
  type LexicalNode,
} from "lexical";
import { ImageNode } from "./image-node";

/** What the editor does with an image that came in with pasted HTML. */
export type PastedImages = {
  /** A picture pasted as data (Word, screenshots): uploaded like any other; the editor then sets its address, or removes it. */
  upload: (key: string, file: File) => void;
  /** A picture on another site: refused, with this message for the writer. */
  refuse: (message: string) => void;
};

export const REFUSED_IMAGE =
  "An image from another page was left out: save it and add it with the Image button, so it is uploaded here.";

const DROPPED = () => ({ conversion: () => ({ node: null, forChild: () => null }), priority: 4 as const });

const MSO_MARKER = /mso-list:\s*ignore/i;

/**
 * Word writes a list as paragraphs (`class="MsoListParagraph…"`, `style="mso-list:l0 level1 lfo1"`) whose
 * first span holds the typed marker ("·", "1.", "a)"). Each becomes an item of a bulleted or numbered list;
 * neighbouring items join one list (ListNode's own transform merges adjacent lists of one type). Nested
 * levels come in as items of the same list.
 */
function wordListParagraph(p: HTMLElement): DOMConversion | null {
  const style = p.getAttribute("style") ?? "";
  if (!/^MsoListParagraph/.test(p.className) && !/mso-list:\s*l\d/i.test(style)) return null;
  const marker = [...p.querySelectorAll("span")].find((s) => MSO_MARKER.test(s.getAttribute("style") ?? ""));
  if (!marker) return null;
  const numbered = /^\s*(?:\d+|[a-z]|[ivxlc]+)[.)]/i.test(marker.textContent ?? "");
  return {
    priority: 4,
    conversion: () => ({
      node: $createListNode(numbered ? "number" : "bullet"),
      after: (children) => [$createListItemNode().append(...withoutLeadingSpace(children))],
    }),
  };
}

/** The spacing Word puts between its marker and the item's text, left once the marker is dropped. */
function withoutLeadingSpace(children: LexicalNode[]): LexicalNode[] {
  const [first, ...rest] = children;
  if (!$isTextNode(first)) return children;
  const text = first.getTextContent().replace(/^[\s\u00a0]+/, "");
  return text ? [first.setTextContent(text), ...rest] : withoutLeadingSpace(rest);
}

/** Pasted elements whose text is not the story's: fallbacks, form controls, a page's head, Word's list markers. */
export const STORY_HTML_IMPORT: DOMConversionMap = {
  p: (p) => wordListParagraph(p),
  span: (span) => (MSO_MARKER.test(span.getAttribute("style") ?? "") ? DROPPED() : null),
  noscript: DROPPED,
  template: DROPPED,
  textarea: DROPPED,
  select: DROPPED,
  button: DROPPED,
  title: DROPPED,
  head: DROPPED,
  object: DROPPED,
  svg: DROPPED,
};

const SAFE_LINK = /^(?:https?:|mailto:|\/(?!\/)|#|[^:]*$)/i;

/** A data: URL's bytes as a file, or null when it is not an image. */
export function dataUrlFile(src: string): File | null {
  const m = /^data:(image\/(?:png|jpeg|gif|webp|avif));base64,([a-z0-9+/=\s]+)$/i.exec(src);
  if (!m) return null;
  const bytes = Uint8Array.from(atob(m[2].replace(/\s/g, "")), (c) => c.charCodeAt(0));
  return new File([bytes], `pasted.${m[1].split("/")[1]}`, { type: m[1] });
}

/**
 * The body's rules whatever brings content in (typing, pasting from Word or a web page, loading): the
 * headline is the page's h1, so headings are h2–h4; no inline styles; links only to the web or mail;
 * pictures uploaded here or left out. The server sanitises again: these keep the editor honest.
 */
export function registerStoryRules(editor: LexicalEditor, images: PastedImages): () => void {
  const uploading = new Set<string>();
  return mergeRegister(
    editor.registerNodeTransform(HeadingNode, (node) => {
      const tag = node.getTag();
      if (tag === "h1") node.replace($createHeadingNode("h2"), true);
      else if (tag === "h5" || tag === "h6") node.replace($createHeadingNode("h4"), true);
    }),
    editor.registerNodeTransform(TextNode, (node) => {
      if (node.getStyle()) node.setStyle("");
    }),
    ...[LinkNode, AutoLinkNode].map((klass) =>
      editor.registerNodeTransform(klass, (node) => {
        if (!$isLinkNode(node) || SAFE_LINK.test(node.getURL().trim())) return;
        for (const child of node.getChildren()) node.insertBefore(child);
        node.remove();
      }),
    ),
    editor.registerNodeTransform(ImageNode, (node) => {
      if (!node.isPasted()) return;
      const src = node.getImage().src;
      if (/^\/uploads\/[\w.-]+$/.test(src)) return;
      const key = node.getKey();
      if (uploading.has(key)) return;
      const file = dataUrlFile(src);
      if (!file) {
        node.remove();
        queueMicrotask(() => images.refuse(REFUSED_IMAGE));
        return;
      }
      // It stays in place, written nowhere (see FIGURE in markdown.ts), until its upload answers.
      uploading.add(key);
      queueMicrotask(() => images.upload(key, file));
    }),
  );
}
