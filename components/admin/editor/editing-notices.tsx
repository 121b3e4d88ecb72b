"use client";

import Link from "next/link";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button-class";
import type { EditorValues, SaveConflict } from "@/lib/articles/editing";
import { CopyButton } from "./copy-button";
import { copyableText } from "./form-values";
import type { Presence } from "./use-article-lock";
import { WordDiff } from "./word-diff";

const notice = "space-y-3 rounded border p-4 text-sm";
const amber = `${notice} border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`;

/** Someone else has the story open, or took it over: who, and what the writer can do about it. */
export function PresenceNotice({
  presence,
  mine,
  onTakeOver,
}: {
  presence: Presence;
  mine: EditorValues | null;
  onTakeOver: () => void;
}) {
  if (presence.kind === "held")
    return (
      <div role="alert" className={amber}>
        <p className="font-semibold">{presence.by} is editing this story.</p>
        <p>The editor is read-only while they work on it. Taking over makes it read-only for them instead.</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonClass("primary", "sm")} onClick={onTakeOver}>
            Take over
          </button>
          <Link href="/admin/articles" className={buttonClass("secondary", "sm")}>
            Back to articles
          </Link>
        </div>
      </div>
    );
  if (presence.kind === "free-again")
    return (
      <div role="status" className={amber}>
        <p className="font-semibold">{presence.by} is no longer editing this story.</p>
        <a href="" className={buttonClass("primary", "sm")}>
          Edit the latest version
        </a>
      </div>
    );
  if (presence.kind === "taken-over")
    return (
      <div role="alert" className={amber}>
        <p className="font-semibold">{presence.by} has taken over this story.</p>
        <p>Your editor is now read-only. Anything you had not saved is below: copy it to keep it.</p>
        <UnsavedText mine={mine} />
      </div>
    );
  return null;
}

function UnsavedText({ mine }: { mine: EditorValues | null }) {
  if (!mine) return null;
  const text = copyableText(mine);
  return (
    <>
      <CopyButton text={() => text} label="Copy my text" />
      <label className="block">
        <span className="mb-1 block font-semibold">Your text</span>
        <textarea
          readOnly
          value={text}
          rows={8}
          className="w-full rounded border border-neutral-300 bg-white p-2 font-mono text-xs text-neutral-900 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
        />
      </label>
    </>
  );
}

/**
 * A save refused because a colleague saved in between: who and when, and the writer's choices. Their
 * version is stored and in the revisions; the writer's own stays in the editor, so nothing is lost.
 */
export function ConflictBanner({
  message,
  conflict,
  mine,
  onLoadTheirs,
  onKeepMine,
}: {
  message: string;
  conflict: SaveConflict;
  mine: () => EditorValues;
  onLoadTheirs: () => void;
  onKeepMine: () => void;
}) {
  const [compare, setCompare] = useState<EditorValues | null>(null);
  const [loaded, setLoaded] = useState<EditorValues | null>(null);
  const theirs = conflict.theirs;
  return (
    <div role="alert" aria-label="Save refused" className={amber}>
      <p className="font-semibold">{loaded ? `You are now editing ${conflict.by}'s version.` : message}</p>
      {loaded ? <p>Your text is kept here until you leave the page; copy it to use it.</p> : null}
      <div className="flex flex-wrap gap-2">
        {!loaded ? (
          <button
            type="button"
            aria-expanded={compare !== null}
            className={buttonClass("secondary", "sm")}
            onClick={() => setCompare((c) => (c ? null : mine()))}
          >
            See the differences
          </button>
        ) : null}
        <CopyButton text={() => copyableText(loaded ?? mine())} label="Copy my text" />
        {!loaded ? (
          <>
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              onClick={() => {
                setLoaded(mine());
                setCompare(null);
                onLoadTheirs();
              }}
            >
              Load their version
            </button>
            <button type="button" className={buttonClass("secondary", "sm")} onClick={onKeepMine}>
              Keep mine
            </button>
          </>
        ) : null}
      </div>
      {compare ? (
        <div className="space-y-2">
          <p>
            <del className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">Struck out</del>: only in{" "}
            {conflict.by}&apos;s version.{" "}
            <ins className="bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">Underlined</ins>:
            only in yours.
          </p>
          {compare.headline !== theirs.headline ? (
            <WordDiff label="Headline: their version against yours" before={theirs.headline} after={compare.headline} />
          ) : null}
          <WordDiff label="Body: their version against yours" before={theirs.body} after={compare.body} />
        </div>
      ) : null}
      {loaded ? (
        <label className="block">
          <span className="mb-1 block font-semibold">Your text</span>
          <textarea
            readOnly
            value={copyableText(loaded)}
            rows={8}
            className="w-full rounded border border-neutral-300 bg-white p-2 font-mono text-xs text-neutral-900 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
          />
        </label>
      ) : null}
    </div>
  );
}

/** A live story's autosave copy from an earlier visit (a closed tab, a crash): bring it back or not. */
export function RestoreAutosave({
  at,
  onRestore,
  onDismiss,
}: {
  at: string;
  onRestore: () => void;
  onDismiss: () => void;
}) {
  return (
    <div role="region" aria-label="Autosaved version" className={amber}>
      <p className="font-semibold">Restore the autosaved version from {at}?</p>
      <p>It holds changes that were never published. Readers see the story as it was last updated.</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass("primary", "sm")} onClick={onRestore}>
          Restore
        </button>
        <button type="button" className={buttonClass("secondary", "sm")} onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Where the writer's text stands, always in view beside the save button. */
export function SaveStatusLine({ text, tone }: { text: string; tone: "ok" | "warn" }) {
  return (
    // Announced politely; not role="status", which the newsroom's toasts hold.
    <p
      aria-live="polite"
      className={`text-sm ${tone === "warn" ? "font-semibold text-red-700 dark:text-red-400" : "text-neutral-600 dark:text-neutral-400"}`}
    >
      {text}
    </p>
  );
}
