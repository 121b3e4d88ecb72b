"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { LexicalComposer } from "@lexical/react/LexicalComposer";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { HistoryPlugin } from "@lexical/react/LexicalHistoryPlugin";
import { HorizontalRulePlugin } from "@lexical/react/LexicalHorizontalRulePlugin";
import { LinkPlugin } from "@lexical/react/LexicalLinkPlugin";
import { ListPlugin } from "@lexical/react/LexicalListPlugin";
import { MarkdownShortcutPlugin } from "@lexical/react/LexicalMarkdownShortcutPlugin";
import { RichTextPlugin } from "@lexical/react/LexicalRichTextPlugin";
import { $insertNodeToNearestRoot, mergeRegister } from "@lexical/utils";
import {
  $getNodeByKey,
  COMMAND_PRIORITY_HIGH,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  PASTE_COMMAND,
  type EditorThemeClasses,
  type LexicalEditor,
} from "lexical";
import type { LibraryImage } from "@/lib/actions/media";
import { $createImageNode, $isImageNode } from "./image-node";
import { ImagesPanel, altFieldId } from "./images-panel";
import { $getMarkdown, $setMarkdown, STORY_NODES, STORY_TRANSFORMERS } from "./markdown";
import { registerStoryRules, STORY_HTML_IMPORT } from "./rules";
import { registerSelectionSync } from "./selection-sync";
import { Toolbar } from "./toolbar";
import { IMAGE_TYPES, uploadStoryImage } from "./upload";

const theme: EditorThemeClasses = {
  paragraph: "",
  heading: { h2: "", h3: "", h4: "" },
  quote: "",
  list: { ul: "", ol: "", listitem: "", nested: { listitem: "list-none" } },
  link: "",
  text: { bold: "font-bold", italic: "italic", code: "", strikethrough: "line-through" },
  hr: "my-6 border-neutral-300 dark:border-neutral-700",
};

const isImageFile = (f: File) => IMAGE_TYPES.split(",").includes(f.type);

export type StoryEditorProps = {
  initialMarkdown: string;
  labelId: string;
  describedBy?: string;
  invalid: boolean;
  /** The writer changed the text: its Markdown. */
  onMarkdown: (markdown: string) => void;
  /** A message for the writer (an upload refused, an image left out of a paste). */
  onNotice: (message: string) => void;
};

/** The what-you-see body editor (Lexical): toolbar, text, and the story's images. */
export function StoryEditor(props: StoryEditorProps) {
  const initialConfig = {
    namespace: "story-body",
    nodes: STORY_NODES,
    html: { import: STORY_HTML_IMPORT },
    theme,
    onError: (error: Error) => {
      throw error;
    },
    editorState: () => $setMarkdown(props.initialMarkdown),
  };
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <EditorBody {...props} />
    </LexicalComposer>
  );
}

function EditorBody({ initialMarkdown, labelId, describedBy, invalid, onMarkdown, onNotice }: StoryEditorProps) {
  const [editor] = useLexicalComposerContext();
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(0);
  // The form's callbacks change on every render of the form; the editor's listeners stay registered once.
  const latest = useRef({ initialMarkdown, onMarkdown, onNotice });
  useEffect(() => {
    latest.current = { initialMarkdown, onMarkdown, onNotice };
  });
  const notify = useCallback((message: string) => latest.current.onNotice(message), []);

  const insertFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        if (!isImageFile(file)) {
          notify(`${file.name} is not an image we can use (JPEG, PNG, WebP, AVIF or GIF).`);
          continue;
        }
        setUploading((n) => n + 1);
        const result = await uploadStoryImage(file);
        setUploading((n) => n - 1);
        if ("error" in result) {
          notify(result.error);
          continue;
        }
        let key = "";
        editor.update(() => {
          const node = $createImageNode({ src: result.src, alt: "", caption: "", credit: "" }, true);
          $insertNodeToNearestRoot(node);
          key = node.getKey();
        });
        notify("Image added: describe it in its alt text below the editor.");
        requestAnimationFrame(() => document.getElementById(altFieldId(key))?.focus());
      }
    },
    [editor, notify],
  );

  const insertFromLibrary = useLibraryInsert(editor, notify);

  useEffect(() => {
    // What the stored body reads as: an update that comes back to it (undo, or the editor normalising its
    // own nodes) posts the stored bytes, so a story saved unchanged is unchanged.
    const baseline = editor.getEditorState().read($getMarkdown);
    return mergeRegister(
      registerSelectionSync(editor),
      registerStoryRules(editor, {
        refuse: notify,
        upload: async (key, file) => {
          const result = await uploadStoryImage(file);
          editor.update(() => {
            const node = $getNodeByKey(key);
            if (!$isImageNode(node)) return;
            if ("error" in result) node.remove();
            else node.setImage({ src: result.src });
          });
          if ("error" in result) notify(result.error);
        },
      }),
      editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => {
        if (tags.has("history-merge") || (dirtyElements.size === 0 && dirtyLeaves.size === 0)) return;
        const markdown = editorState.read($getMarkdown);
        latest.current.onMarkdown(markdown === baseline ? latest.current.initialMarkdown : markdown);
      }),
      registerFileDrops(editor, insertFiles),
    );
  }, [editor, insertFiles, notify]);

  return (
    <>
      <Toolbar onImage={() => fileInput.current?.click()} onLibraryImage={insertFromLibrary} disabled={false} />
      <input
        ref={fileInput}
        type="file"
        accept={IMAGE_TYPES}
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          void insertFiles(files);
        }}
      />
      <div className="relative">
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              role="textbox"
              aria-labelledby={labelId}
              aria-describedby={describedBy}
              aria-multiline
              aria-invalid={invalid || undefined}
              className="prose-news min-h-72 px-4 py-3 text-base"
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        {uploading > 0 ? (
          <p
            aria-live="polite"
            className="absolute top-2 right-3 font-sans text-xs text-neutral-600 dark:text-neutral-400"
          >
            Uploading image…
          </p>
        ) : null}
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <LinkPlugin />
      <HorizontalRulePlugin />
      <MarkdownShortcutPlugin transformers={STORY_TRANSFORMERS} />
      <ImagesPanel disabled={false} />
    </>
  );
}

/** Places a library image with the library's alt text, caption and credit, for the writer to adjust. */
function useLibraryInsert(editor: LexicalEditor, notify: (message: string) => void) {
  return useCallback(
    (image: LibraryImage) => {
      let key = "";
      editor.update(() => {
        const { path: src, alt, caption, credit } = image;
        const node = $createImageNode({ src, alt, caption, credit }, true);
        $insertNodeToNearestRoot(node);
        key = node.getKey();
      });
      notify("Image added from the library: check its alt text below the editor.");
      requestAnimationFrame(() => document.getElementById(altFieldId(key))?.focus());
    },
    [editor, notify],
  );
}

/** A file pasted or dropped alone is uploaded; pasted HTML (which may hold pictures) is the rules' job. */
function registerFileDrops(editor: LexicalEditor, insertFiles: (files: File[]) => Promise<void>): () => void {
  return mergeRegister(
    editor.registerCommand(
      PASTE_COMMAND,
      (event) => {
        const data = "clipboardData" in event ? event.clipboardData : null;
        const files = Array.from(data?.files ?? []);
        if (files.length === 0 || data?.types.includes("text/html")) return false;
        event.preventDefault();
        void insertFiles(files);
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    editor.registerCommand(
      DRAGOVER_COMMAND,
      (event) => {
        if (!event.dataTransfer?.types.includes("Files")) return false;
        event.preventDefault();
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    editor.registerCommand(
      DROP_COMMAND,
      (event) => {
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (files.length === 0) return false;
        event.preventDefault();
        void insertFiles(files);
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
  );
}
