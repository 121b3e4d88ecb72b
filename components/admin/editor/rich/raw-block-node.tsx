import type { JSX } from "react";
import {
  $applyNodeReplacement,
  DecoratorNode,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from "lexical";

export type SerializedRawBlockNode = Spread<{ markdown: string }, SerializedLexicalNode>;

/**
 * A block the visual editor does not edit (a table, a code block, HTML an import kept): held as its
 * Markdown source and written back byte for byte, shown as source. The Markdown switch edits it.
 */
export class RawBlockNode extends DecoratorNode<JSX.Element> {
  __markdown: string;

  static getType(): string {
    return "story-raw-block";
  }

  static clone(node: RawBlockNode): RawBlockNode {
    return new RawBlockNode(node.__markdown, node.__key);
  }

  constructor(markdown: string, key?: NodeKey) {
    super(key);
    this.__markdown = markdown;
  }

  static importJSON(json: SerializedRawBlockNode): RawBlockNode {
    return $createRawBlockNode(json.markdown);
  }

  exportJSON(): SerializedRawBlockNode {
    return { ...super.exportJSON(), markdown: this.getMarkdown() };
  }

  getMarkdown(): string {
    return this.getLatest().__markdown;
  }

  createDOM(): HTMLElement {
    return document.createElement("div");
  }

  updateDOM(): false {
    return false;
  }

  isInline(): false {
    return false;
  }

  getTextContent(): string {
    return "";
  }

  decorate(): JSX.Element {
    return (
      <div contentEditable={false} className="my-2 rounded border border-dashed border-neutral-400 p-2 font-sans">
        <p className="text-xs font-semibold text-neutral-700 dark:text-neutral-300">
          Kept as written: edit this block with the Markdown switch.
        </p>
        <pre className="mt-1 overflow-x-auto text-xs whitespace-pre-wrap text-neutral-800 dark:text-neutral-200">
          {this.__markdown}
        </pre>
      </div>
    );
  }
}

export function $createRawBlockNode(markdown: string): RawBlockNode {
  return $applyNodeReplacement(new RawBlockNode(markdown));
}

export function $isRawBlockNode(node: LexicalNode | null | undefined): node is RawBlockNode {
  return node instanceof RawBlockNode;
}
