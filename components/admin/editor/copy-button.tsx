"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/button-class";

/** Copies `text` to the clipboard and says so; where the clipboard is refused, the text is shown selected. */
export function CopyButton({ text, label }: { text: () => string; label: string }) {
  const [done, setDone] = useState<"copied" | "shown" | null>(null);
  const [shown, setShown] = useState("");
  return (
    <>
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        onClick={async () => {
          const value = text();
          setShown(value);
          try {
            await navigator.clipboard.writeText(value);
            setDone("copied");
          } catch {
            setDone("shown");
          }
        }}
      >
        {done === "copied" ? "Copied" : label}
      </button>
      {done === "shown" ? (
        <textarea
          readOnly
          aria-label="Your text, to copy"
          value={shown}
          rows={6}
          className="mt-2 w-full rounded border border-neutral-300 p-2 font-mono text-xs dark:border-neutral-700"
          ref={(el) => el?.select()}
        />
      ) : null}
    </>
  );
}
