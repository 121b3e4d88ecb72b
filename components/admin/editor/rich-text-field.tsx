"use client";

import { useId } from "react";
import { inputClass } from "@/components/ui/form-field";

// The contract of the body editor (the `editor` engineer's Lexical field replaces this file at merge):
// the value is posted as Markdown under `name`, and the editable textbox is named by `label`.
export function RichTextField({
  name,
  label,
  defaultValue,
  hint,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        defaultValue={defaultValue}
        rows={6}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={`${inputClass} font-serif`}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-neutral-600 dark:text-neutral-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
