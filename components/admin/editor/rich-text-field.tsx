"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { countMarkdownWords, readingMinutes } from "@/lib/content/words";
import { StoryEditor } from "./rich/story-editor";

/**
 * The story body: what-you-see editing (Lexical) or, with the Markdown switch, the same text as
 * Markdown. The form posts Markdown in a hidden field `name`; until the writer changes something it
 * posts `defaultValue` byte for byte, so a story saved unchanged renders exactly as before.
 */
export function RichTextField({
  name,
  label,
  defaultValue = "",
  hint,
  errors,
  onChange,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  hint?: string;
  errors?: string[];
  onChange?: (markdown: string) => void;
}) {
  const id = useId();
  const [markdown, setMarkdown] = useState(defaultValue);
  const [markdownMode, setMarkdownMode] = useState(false);
  // What the visual editor opens with: the stored body, or the Markdown as the switch left it.
  const [seed, setSeed] = useState(defaultValue);
  const [notice, setNotice] = useState("");
  const hidden = useRef<HTMLInputElement>(null);
  const labelId = `${id}-label`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId, `${id}-count`].filter(Boolean).join(" ");

  const change = useCallback(
    (next: string) => {
      setMarkdown(next);
      onChange?.(next);
    },
    [onChange],
  );

  useSaveShortcut(hidden);
  const words = countMarkdownWords(markdown);
  const minutes = readingMinutes(words);

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {markdownMode ? (
          <label id={labelId} htmlFor={`${id}-markdown`} className="block text-sm font-semibold">
            {label}
          </label>
        ) : (
          <span id={labelId} className="block text-sm font-semibold">
            {label}
          </span>
        )}
        <button
          type="button"
          role="switch"
          aria-checked={markdownMode}
          onClick={() => {
            if (markdownMode) setSeed(markdown);
            setMarkdownMode(!markdownMode);
          }}
          className="inline-flex items-center gap-2 font-sans text-sm"
        >
          <span
            aria-hidden="true"
            className={`relative inline-block h-5 w-9 rounded-full transition-colors ${markdownMode ? "bg-neutral-800 dark:bg-neutral-200" : "bg-neutral-400 dark:bg-neutral-600"}`}
          >
            <span
              className={`absolute top-0.5 size-4 rounded-full bg-white transition-all dark:bg-neutral-900 ${markdownMode ? "left-4.5" : "left-0.5"}`}
            />
          </span>
          Markdown
        </button>
      </div>
      <input ref={hidden} type="hidden" name={name} value={markdown} />
      <div
        className={`rounded border bg-white dark:bg-neutral-950 ${errorId ? "border-red-600" : "border-neutral-300 dark:border-neutral-700"}`}
      >
        {markdownMode ? (
          <textarea
            id={`${id}-markdown`}
            value={markdown}
            onChange={(e) => change(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={errorId ? true : undefined}
            rows={22}
            className="block w-full rounded bg-transparent px-3 py-2 font-mono text-sm text-neutral-900 dark:text-neutral-100"
          />
        ) : (
          <StoryEditor
            initialMarkdown={seed}
            labelId={labelId}
            describedBy={describedBy}
            invalid={!!errorId}
            onMarkdown={change}
            onNotice={setNotice}
          />
        )}
      </div>
      <p id={`${id}-count`} className="font-sans text-xs text-neutral-600 dark:text-neutral-400">
        {words.toLocaleString("en")} {words === 1 ? "word" : "words"} · {minutes} min read
      </p>
      <p aria-live="polite" className="font-sans text-sm text-neutral-700 dark:text-neutral-300">
        {notice}
      </p>
      {hint ? (
        <p id={hintId} className="text-xs text-neutral-600 dark:text-neutral-400">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm font-semibold text-red-700 dark:text-red-400">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Ctrl/Cmd+S anywhere in the form saves it, through the form's own submit (its default button). */
function useSaveShortcut(inside: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const form = inside.current?.form;
    if (!form) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== "s") return;
      e.preventDefault();
      form.requestSubmit();
    };
    form.addEventListener("keydown", onKey);
    return () => form.removeEventListener("keydown", onKey);
  }, [inside]);
}
