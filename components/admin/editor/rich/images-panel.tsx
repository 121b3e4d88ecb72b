"use client";

import { useEffect, useState } from "react";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { $getNodeByKey, $nodesOfType, type LexicalEditor } from "lexical";
import type { StoryImage } from "@/lib/content/figure";
import { $isImageNode, ImageNode } from "./image-node";

type Listed = StoryImage & { key: string };

const field =
  "block w-full rounded border border-neutral-300 bg-white px-2 py-1 text-sm text-neutral-900 aria-invalid:border-red-600 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100";

/** The alt text id of the image with node `key`, so the editor can take the writer there after an upload. */
export const altFieldId = (key: string) => `story-image-${key}-alt`;

function listImages(editor: LexicalEditor): Listed[] {
  return editor.getEditorState().read(() =>
    $nodesOfType(ImageNode)
      .filter((n) => !n.isPasted())
      .map((n) => ({ ...n.getImage(), key: n.getKey() })),
  );
}

/**
 * Every image in the story, in order, with its alt text (required to publish), caption and credit.
 * Kept beside the text rather than inside it, so these fields are ordinary inputs.
 */
export function ImagesPanel({ disabled }: { disabled: boolean }) {
  const [editor] = useLexicalComposerContext();
  const [images, setImages] = useState<Listed[]>(() => listImages(editor));
  useEffect(() => editor.registerUpdateListener(() => setImages(listImages(editor))), [editor]);

  if (images.length === 0) return null;
  const change = (key: string, patch: Partial<StoryImage>) =>
    editor.update(() => {
      const node = $getNodeByKey(key);
      if ($isImageNode(node)) node.setImage(patch);
    });
  const remove = (key: string) =>
    editor.update(() => {
      $getNodeByKey(key)?.remove();
    });

  return (
    <div className="space-y-3 border-t border-neutral-300 p-3 font-sans dark:border-neutral-700">
      <h3 className="text-sm font-semibold">Images in the story</h3>
      {images.map((image, i) => (
        <fieldset key={image.key} className="grid gap-2 sm:grid-cols-[6rem_1fr]">
          <legend className="sr-only">Image {i + 1}</legend>
          {/* eslint-disable-next-line @next/next/no-img-element -- a thumbnail of the writer's own upload */}
          <img src={image.src} alt="" className="h-16 w-24 rounded bg-neutral-200 object-cover dark:bg-neutral-800" />
          <div className="grid gap-2 sm:grid-cols-3">
            <div>
              <label htmlFor={altFieldId(image.key)} className="text-xs font-semibold">
                Image {i + 1} alt text
              </label>
              <input
                id={altFieldId(image.key)}
                value={image.alt}
                disabled={disabled}
                maxLength={500}
                aria-invalid={image.alt.trim() ? undefined : true}
                aria-describedby={image.alt.trim() ? undefined : `${altFieldId(image.key)}-hint`}
                onChange={(e) => change(image.key, { alt: e.target.value })}
                className={field}
              />
              {image.alt.trim() ? null : (
                <p id={`${altFieldId(image.key)}-hint`} className="text-xs text-red-700 dark:text-red-400">
                  Required to publish: what the image shows.
                </p>
              )}
            </div>
            <div>
              <label htmlFor={`story-image-${image.key}-caption`} className="text-xs font-semibold">
                Image {i + 1} caption
              </label>
              <input
                id={`story-image-${image.key}-caption`}
                value={image.caption}
                disabled={disabled}
                maxLength={500}
                onChange={(e) => change(image.key, { caption: e.target.value })}
                className={field}
              />
            </div>
            <div>
              <label htmlFor={`story-image-${image.key}-credit`} className="text-xs font-semibold">
                Image {i + 1} credit
              </label>
              <input
                id={`story-image-${image.key}-credit`}
                value={image.credit}
                disabled={disabled}
                maxLength={200}
                onChange={(e) => change(image.key, { credit: e.target.value })}
                className={field}
              />
            </div>
          </div>
          <button
            type="button"
            disabled={disabled}
            onClick={() => remove(image.key)}
            className="justify-self-start text-xs text-red-700 underline sm:col-start-2 dark:text-red-400"
          >
            Remove image {i + 1}
          </button>
        </fieldset>
      ))}
    </div>
  );
}
