"use client";

import { useEffect, useState } from "react";
import { previewArticleBodyAction } from "@/lib/actions/preview";
import { idleState } from "@/lib/actions/state";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { PanelProps } from "./fields";

// Typing pauses this long before the server renders the preview, so a burst of keys costs one request.
const PREVIEW_DELAY_MS = 300;

/** The Markdown body beside a live preview rendered on the server exactly as readers will see it. */
export function BodyPanel({ values, bind, errors }: PanelProps) {
  const [showPreview, setShowPreview] = useState(true);
  const html = useServerPreview(values.body, showPreview);
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <FormField label="Body (Markdown)" errors={errors.body}>
        {(control) => (
          <textarea
            {...control}
            name="body"
            value={values.body}
            onChange={bind("body")}
            rows={22}
            className={`${inputClass} font-mono`}
          />
        )}
      </FormField>
      <div>
        <div className="mb-1 flex items-center justify-between">
          <h2 className="text-sm font-semibold" id="preview-heading">
            Live preview
          </h2>
          <label className="text-xs">
            <input
              type="checkbox"
              checked={showPreview}
              onChange={(e) => setShowPreview(e.target.checked)}
              className="mr-1"
            />
            Show preview
          </label>
        </div>
        {showPreview ? (
          <div
            aria-labelledby="preview-heading"
            role="region"
            className="prose-news max-h-[36rem] overflow-y-auto rounded border border-neutral-200 p-4 text-base dark:border-neutral-800"
            // Sanitised by lib/articles/markdown on the server, with the rules the article page uses.
            dangerouslySetInnerHTML={{ __html: html }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** The body rendered by the server, following the text a moment after typing stops. */
function useServerPreview(body: string, enabled: boolean): string {
  const [html, setHtml] = useState("");
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const timer = setTimeout(async () => {
      const form = new FormData();
      form.set("body", body);
      const result = await previewArticleBodyAction(idleState, form);
      // A slower answer for older text must not overwrite a newer one.
      if (current && "html" in result && typeof result.html === "string") setHtml(result.html);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body, enabled]);
  return html;
}
