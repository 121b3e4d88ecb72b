"use client";

import { useCallback } from "react";
import type { PanelProps } from "./fields";
import { RichTextField } from "./rich-text-field";

/** The story's body: what-you-see editing, or Markdown with the switch; posted as Markdown either way. */
export function BodyPanel({ values, update, errors }: PanelProps) {
  const onChange = useCallback((body: string) => update({ body }), [update]);
  return (
    <RichTextField
      name="body"
      label="Body"
      defaultValue={values.body}
      errors={errors.body}
      onChange={onChange}
      hint="Shortcuts: ## heading, > quote, - list, 1. numbered list, **bold**, --- divider; Ctrl+K link, Ctrl+S save."
    />
  );
}
