"use client";

import { useEffect, useRef } from "react";

/**
 * The list of what went wrong, above a form, focused when it appears so screen-reader and keyboard
 * users land on it (the GOV.UK error summary pattern). `shownAt` changes with every new result.
 */
export function ErrorSummary({ title, messages, shownAt }: { title: string; messages: string[]; shownAt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [shownAt]);
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      aria-labelledby="error-summary-title"
      className="rounded border-l-4 border-red-700 bg-red-50 p-4 text-sm text-red-900 focus:outline-2 focus:outline-offset-2 focus:outline-red-700 dark:bg-red-950/40 dark:text-red-100"
    >
      <p id="error-summary-title" className="font-bold">
        {title}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {[...new Set(messages)].map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
