import type { JSX } from "react";
import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMConversionMap,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from "lexical";
import type { StoryImage } from "@/lib/content/figure";

export type SerializedImageNode = Spread<StoryImage & { figure: boolean }, SerializedLexicalNode>;

/**
 * An image placed in the story, a block of its own. `figure` says how it is written down: as the
 * editor's figure line (lib/content/figure.ts), or as the plain Markdown image an imported story had,
 * so a story saved unchanged keeps its bytes.
 */
export class ImageNode extends DecoratorNode<JSX.Element> {
  __src: string;
  __alt: string;
  __caption: string;
  __credit: string;
  __figure: boolean;
  /** Came in with pasted HTML: its address is someone else's until the editor uploads or refuses it. */
  __pasted: boolean;

  static getType(): string {
    return "story-image";
  }

  static clone(node: ImageNode): ImageNode {
    const clone = new ImageNode(node.getImage(), node.__figure, node.__key);
    clone.__pasted = node.__pasted;
    return clone;
  }

  constructor(image: StoryImage, figure: boolean, key?: NodeKey) {
    super(key);
    this.__src = image.src;
    this.__alt = image.alt;
    this.__caption = image.caption;
    this.__credit = image.credit;
    this.__figure = figure;
    this.__pasted = false;
  }

  static importJSON(json: SerializedImageNode): ImageNode {
    return $createImageNode(json, json.figure);
  }

  exportJSON(): SerializedImageNode {
    return { ...super.exportJSON(), ...this.getImage(), figure: this.__figure };
  }

  // Pasted HTML: an <img> (alone or in a <figure>) becomes an image the editor then uploads or refuses.
  static importDOM(): DOMConversionMap {
    return {
      img: () => ({
        conversion: (element) => {
          const img = element as HTMLImageElement;
          const caption = img.closest("figure")?.querySelector("figcaption")?.textContent?.trim() ?? "";
          const image = { src: img.getAttribute("src") ?? "", alt: img.getAttribute("alt") ?? "", caption, credit: "" };
          const node = $createImageNode(image, true);
          node.__pasted = true;
          return { node };
        },
        priority: 0,
      }),
      figcaption: () => ({ conversion: () => ({ node: null }), priority: 0 }),
    };
  }

  getImage(): StoryImage {
    const self = this.getLatest();
    return { src: self.__src, alt: self.__alt, caption: self.__caption, credit: self.__credit };
  }

  isPasted(): boolean {
    return this.getLatest().__pasted;
  }

  isFigure(): boolean {
    return this.getLatest().__figure;
  }

  setImage(patch: Partial<StoryImage>): this {
    const self = this.getWritable();
    if (patch.src !== undefined) self.__src = patch.src;
    if (patch.alt !== undefined) self.__alt = patch.alt;
    if (patch.caption !== undefined) self.__caption = patch.caption;
    if (patch.credit !== undefined) self.__credit = patch.credit;
    self.__pasted = false;
    if (self.__caption || self.__credit) self.__figure = true;
    return self;
  }

  createDOM(): HTMLElement {
    const div = document.createElement("div");
    div.className = "story-image";
    return div;
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
    const { src, alt, caption, credit } = this.getImage();
    return (
      <figure className="my-2" contentEditable={false}>
        {/* eslint-disable-next-line @next/next/no-img-element -- an upload being written about, not a page image */}
        <img src={src} alt={alt} className="max-h-80 w-auto max-w-full rounded" />
        {caption || credit ? (
          <figcaption className="mt-1 font-sans text-sm text-neutral-600 dark:text-neutral-400">
            {caption} {credit ? <small className="uppercase">{credit}</small> : null}
          </figcaption>
        ) : null}
        {alt ? null : (
          <p className="font-sans text-sm font-semibold text-red-700 dark:text-red-400">
            This image needs alt text before the story is published (under the editor).
          </p>
        )}
      </figure>
    );
  }
}

export function $createImageNode(image: StoryImage, figure: boolean): ImageNode {
  return $applyNodeReplacement(new ImageNode(image, figure));
}

export function $isImageNode(node: LexicalNode | null | undefined): node is ImageNode {
  return node instanceof ImageNode;
}
