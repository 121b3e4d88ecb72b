"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { INSERT_HORIZONTAL_RULE_COMMAND } from "@lexical/react/LexicalHorizontalRuleNode";
import { $isLinkNode, TOGGLE_LINK_COMMAND } from "@lexical/link";
import {
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  REMOVE_LIST_COMMAND,
  ListNode,
} from "@lexical/list";
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from "@lexical/rich-text";
import { $setBlocksType } from "@lexical/selection";
import { $getNearestNodeOfType, mergeRegister } from "@lexical/utils";
import {
  $createParagraphNode,
  $getNodeByKey,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  KEY_DOWN_COMMAND,
  type LexicalEditor,
  type RangeSelection,
} from "lexical";

import type { LibraryImage } from "@/lib/actions/media";
import { MediaChooser } from "../media-chooser";

type Block = "paragraph" | "heading" | "quote" | "bullet" | "number";
type Active = { bold: boolean; italic: boolean; link: boolean; block: Block };

const NONE: Active = { bold: false, italic: false, link: false, block: "paragraph" };

function $activeFormats(): Active {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return NONE;
  const anchor = selection.anchor.getNode();
  const top = anchor.getKey() === "root" ? anchor : anchor.getTopLevelElementOrThrow();
  const list = $getNearestNodeOfType(anchor, ListNode);
  const block: Block = list
    ? list.getListType() === "number"
      ? "number"
      : "bullet"
    : $isHeadingNode(top)
      ? "heading"
      : $isQuoteNode(top)
        ? "quote"
        : "paragraph";
  const parent = anchor.getParent();
  return {
    bold: selection.hasFormat("bold"),
    italic: selection.hasFormat("italic"),
    link: $isLinkNode(parent) || $isLinkNode(anchor),
    block,
  };
}

/** Turns the selected blocks into `block`, or back into paragraphs when they already are. */
function toggleBlock(editor: LexicalEditor, current: Block, block: Block) {
  if (block === "bullet" || block === "number") {
    if (current === block) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else
      editor.dispatchCommand(
        block === "bullet" ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      );
    return;
  }
  editor.update(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return;
    const target = current === block ? "paragraph" : block;
    $setBlocksType(selection, () =>
      target === "heading"
        ? $createHeadingNode("h2")
        : target === "quote"
          ? $createQuoteNode()
          : $createParagraphNode(),
    );
  });
}

/** "example.org/x" → "https://example.org/x"; addresses on this site and mail stay as typed. */
function normaliseUrl(typed: string): string {
  const url = typed.trim();
  if (!url || /^(https?:|mailto:|\/|#)/i.test(url)) return url;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(url)) return `mailto:${url}`;
  return `https://${url}`;
}

/**
 * The formatting toolbar: a plain row of buttons in tab order, each with its name and (for toggles)
 * aria-pressed. Buttons keep the editor's selection (mousedown does not take the focus away).
 */
// The blocks a button turns the paragraph into (and back), in the order the toolbar shows them.
const BLOCK_BUTTONS: { block: Block; label: string; text: string }[] = [
  { block: "heading", label: "Heading", text: "H2" },
  { block: "quote", label: "Quote", text: "“ ”" },
  { block: "bullet", label: "Bulleted list", text: "• List" },
  { block: "number", label: "Numbered list", text: "1. List" },
];

export function Toolbar({
  onImage,
  onLibraryImage,
  disabled,
}: {
  onImage: () => void;
  onLibraryImage: (image: LibraryImage) => void;
  disabled: boolean;
}) {
  const [editor] = useLexicalComposerContext();
  const [active, setActive] = useState<Active>(NONE);
  const [linkOpen, setLinkOpen] = useState(false);
  const saved = useRef<RangeSelection | null>(null);

  // Inside an update, so a key's handler reads the selection as this keydown left it (selection-sync.ts).
  const openLink = useCallback(() => {
    editor.update(() => {
      const selection = $getSelection();
      saved.current = $isRangeSelection(selection) ? selection.clone() : null;
      const state = $activeFormats();
      if (state.link) editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
      else setLinkOpen(true);
    });
  }, [editor]);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => setActive(editorState.read($activeFormats))),
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event) => {
            if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "k") return false;
            event.preventDefault();
            openLink();
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, openLink],
  );

  const setBlock = (block: Block) => toggleBlock(editor, active.block, block);

  const applyLink = (url: string) => {
    setLinkOpen(false);
    editor.update(() => {
      if (saved.current) $setSelectionSafe(saved.current.clone());
    });
    if (url) editor.dispatchCommand(TOGGLE_LINK_COMMAND, normaliseUrl(url));
    editor.focus();
  };

  return (
    <div className="border-b border-neutral-300 dark:border-neutral-700">
      <div role="toolbar" aria-label="Formatting" className="flex flex-wrap gap-1 p-1">
        <ToolButton
          label="Bold"
          pressed={active.bold}
          disabled={disabled}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "bold")}
          shortcut="Control+B"
        >
          <b>B</b>
        </ToolButton>
        <ToolButton
          label="Italic"
          pressed={active.italic}
          disabled={disabled}
          onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "italic")}
          shortcut="Control+I"
        >
          <i className="font-serif">I</i>
        </ToolButton>
        <ToolButton label="Link" pressed={active.link} disabled={disabled} onClick={openLink} shortcut="Control+K">
          <span className="underline">Link</span>
        </ToolButton>
        {BLOCK_BUTTONS.map(({ block, label, text }) => (
          <ToolButton
            key={block}
            label={label}
            pressed={active.block === block}
            disabled={disabled}
            onClick={() => setBlock(block)}
          >
            {text}
          </ToolButton>
        ))}
        <ToolButton
          label="Divider"
          disabled={disabled}
          onClick={() => editor.dispatchCommand(INSERT_HORIZONTAL_RULE_COMMAND, undefined)}
        >
          ―
        </ToolButton>
        <ToolButton label="Image" disabled={disabled} onClick={onImage}>
          Image
        </ToolButton>
        <MediaChooser label="Choose from library" onChoose={onLibraryImage} disabled={disabled} />
      </div>
      {linkOpen ? <LinkForm onApply={applyLink} onCancel={() => applyLink("")} /> : null}
    </div>
  );
}

/** The selection saved before the link form took the focus, if its nodes are still there. */
function $setSelectionSafe(selection: RangeSelection) {
  if ($getNodeByKey(selection.anchor.key) && $getNodeByKey(selection.focus.key)) $setSelection(selection);
}

function ToolButton({
  label,
  pressed,
  disabled,
  onClick,
  shortcut,
  children,
}: {
  label: string;
  pressed?: boolean;
  disabled: boolean;
  onClick: () => void;
  shortcut?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcut.replace("Control", "Ctrl")})` : label}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
      className="min-h-9 min-w-9 rounded px-2 font-sans text-sm text-neutral-800 hover:bg-neutral-100 disabled:opacity-50 aria-pressed:bg-neutral-800 aria-pressed:text-white dark:text-neutral-100 dark:hover:bg-neutral-800 dark:aria-pressed:bg-neutral-200 dark:aria-pressed:text-neutral-900"
    >
      {children}
    </button>
  );
}

/** The link's address, asked for in place (Enter applies, Escape cancels). */
function LinkForm({ onApply, onCancel }: { onApply: (url: string) => void; onCancel: () => void }) {
  const [url, setUrl] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="flex flex-wrap items-center gap-2 border-t border-neutral-200 p-2 font-sans text-sm dark:border-neutral-800">
      <label htmlFor="story-link-url" className="font-semibold">
        Link address
      </label>
      <input
        ref={input}
        id="story-link-url"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onApply(url);
          } else if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          }
        }}
        placeholder="https://"
        className="min-w-0 flex-1 rounded border border-neutral-300 bg-white px-2 py-1 dark:border-neutral-700 dark:bg-neutral-900"
      />
      <button
        type="button"
        onClick={() => onApply(url)}
        className="rounded bg-neutral-800 px-3 py-1 text-white dark:bg-neutral-200 dark:text-neutral-900"
      >
        Apply link
      </button>
      <button type="button" onClick={onCancel} className="rounded px-3 py-1 underline">
        Cancel
      </button>
    </div>
  );
}
