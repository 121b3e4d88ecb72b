"use client";

import { useId, useState } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/form-field";

/** Ordered bylines: add from a list, move up and down, remove. Submits `authorIds` in order. */
export function AuthorPicker({ options, initial }: { options: { id: number; name: string }[]; initial: number[] }) {
  const [selected, setSelected] = useState<number[]>(initial);
  const [adding, setAdding] = useState("");
  const id = useId();
  const name = (authorId: number) => options.find((o) => o.id === authorId)?.name ?? `Author ${authorId}`;
  const move = (index: number, by: number) =>
    setSelected((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item);
      return next;
    });
  const available = options.filter((o) => !selected.includes(o.id));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold">Authors</legend>
      {selected.length === 0 ? <p className="text-sm text-neutral-600 dark:text-neutral-400">No byline yet.</p> : null}
      <ol className="space-y-1" aria-label="Byline order">
        {selected.map((authorId, index) => (
          <li
            key={authorId}
            className="flex items-center gap-2 rounded border border-neutral-200 px-2 py-1 text-sm dark:border-neutral-800"
          >
            <input type="hidden" name="authorIds" value={authorId} />
            <span className="flex-1">
              {index + 1}. {name(authorId)}
            </span>
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              disabled={index === 0}
              onClick={() => move(index, -1)}
              aria-label={`Move ${name(authorId)} up`}
            >
              ↑
            </button>
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              disabled={index === selected.length - 1}
              onClick={() => move(index, 1)}
              aria-label={`Move ${name(authorId)} down`}
            >
              ↓
            </button>
            <button
              type="button"
              className={buttonClass("secondary", "sm")}
              onClick={() => setSelected((l) => l.filter((a) => a !== authorId))}
              aria-label={`Remove ${name(authorId)}`}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {available.length > 0 ? (
        <div className="flex gap-2">
          <label htmlFor={id} className="sr-only">
            Add author
          </label>
          <select id={id} value={adding} onChange={(e) => setAdding(e.target.value)} className={inputClass}>
            <option value="">Choose an author…</option>
            {available.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={buttonClass("secondary")}
            disabled={!adding}
            onClick={() => {
              setSelected((l) => [...l, Number(adding)]);
              setAdding("");
            }}
          >
            Add author
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
