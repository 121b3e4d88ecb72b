"use client";

import { useActionState, useState } from "react";
import { RichTextField } from "@/components/admin/editor/rich-text-field";
import { SubmitButton } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToast } from "@/components/ui/toast";
import { savePageAction, type PageSaveState } from "@/lib/actions/pages";
import { idleState } from "@/lib/actions/state";
import type { PageStatus } from "@/lib/domain";

export type EditorPage = { id: number | null; title: string; slug: string; body: string; status: PageStatus };
type SaveState = PageSaveState;

/**
 * A static page's form: the title, its address at the root, and the body in the stories' editor (the
 * same Markdown, the same renderer). It posts without JavaScript too; each save names the version it
 * was based on, so a colleague's save in between is refused rather than overwritten.
 */
export function PageEditor({ page, version }: { page: EditorPage; version: number | null }) {
  const show = useToast();
  const [values, setValues] = useState(page);
  const [state, action] = useActionState<SaveState, FormData>(async (prev, form) => {
    const result: SaveState = await savePageAction(prev, form);
    if (result.status !== "idle" && result.message) show(result.message, result.status === "ok" ? "success" : "error");
    return result;
  }, idleState);
  const errors = state.fieldErrors ?? {};
  const baseVersion = state.version ?? version;
  return (
    <form action={action} className="grid gap-8 lg:grid-cols-[1fr_16rem]" noValidate aria-label="Page">
      {values.id !== null ? <input type="hidden" name="id" value={values.id} /> : null}
      {baseVersion !== null ? <input type="hidden" name="baseVersion" value={baseVersion} /> : null}
      <div className="space-y-5">
        <FormAlert message={state.status === "error" ? state.message : undefined} />
        <FormField label="Title" errors={errors.title} required>
          {(control) => (
            <input
              {...control}
              name="title"
              required
              value={values.title}
              onChange={(e) => setValues((v) => ({ ...v, title: e.target.value }))}
              className={`${inputClass} font-serif text-xl`}
            />
          )}
        </FormField>
        <FormField
          label="Address"
          hint="The page answers at /address, beside the sections. Leave empty to make one from the title."
          errors={errors.slug}
        >
          {(control) => (
            <input
              {...control}
              name="slug"
              value={values.slug}
              onChange={(e) => setValues((v) => ({ ...v, slug: e.target.value }))}
              className={inputClass}
            />
          )}
        </FormField>
        <RichTextField
          name="body"
          label="Body"
          defaultValue={page.body}
          errors={errors.body}
          hint="Shortcuts: ## heading, > quote, - list, 1. numbered list, **bold**, --- divider; Ctrl+K link, Ctrl+S save."
        />
      </div>
      <aside className="space-y-5" aria-label="Publishing">
        <fieldset className="space-y-2 text-sm">
          <legend className="mb-1 font-semibold">Status</legend>
          {(["draft", "published"] as const).map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input
                type="radio"
                name="status"
                value={s}
                checked={values.status === s}
                onChange={() => setValues((v) => ({ ...v, status: s }))}
              />
              {s === "draft" ? "Draft" : "Published"}
            </label>
          ))}
          {errors.status ? (
            <p className="font-semibold text-red-700 dark:text-red-400">{errors.status.join(" ")}</p>
          ) : null}
        </fieldset>
        <SubmitButton pendingLabel="Saving…">
          {values.status === "published" ? "Save and publish" : "Save draft"}
        </SubmitButton>
      </aside>
    </form>
  );
}
