"use client";

import { useMemo, useState } from "react";
import Image from "next/image";
import { saveArticleAction } from "@/lib/actions/articles";
import type { EditorArticle } from "@/lib/admin-editor";
import { slugify } from "@/lib/format";
import { renderMarkdown } from "@/lib/markdown";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";
import { AuthorPicker } from "./author-picker";

export function ArticleEditor({
  article,
  sections,
  authors,
  timezone,
  canPublish,
  canChooseBylines,
}: {
  article: EditorArticle;
  sections: { id: number; name: string }[];
  authors: { id: number; name: string }[];
  timezone: string;
  canPublish: boolean;
  canChooseBylines: boolean;
}) {
  const [state, action] = useToastingAction(saveArticleAction);
  // Controlled fields survive the form reset React does after each submit, so an error loses nothing.
  const [f, setF] = useState(article);
  const set =
    <K extends keyof EditorArticle>(key: K) =>
    (e: { target: { value: string } }) =>
      setF((v) => ({ ...v, [key]: e.target.value }));
  const [preview, setPreview] = useState(true);
  const html = useMemo(() => (preview ? renderMarkdown(f.body) : ""), [f.body, preview]);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};

  return (
    <form action={action} className="grid gap-8 lg:grid-cols-[1fr_18rem]" noValidate aria-label="Article">
      {article.id !== null ? <input type="hidden" name="id" value={article.id} /> : null}
      <div className="space-y-5">
        {state.status === "error" && state.message ? (
          <p
            role="alert"
            className="rounded bg-red-50 p-3 text-sm font-semibold text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {state.message}
          </p>
        ) : null}
        <FormField label="Headline" required errors={errors.headline}>
          {(p) => (
            <input
              {...p}
              name="headline"
              value={f.headline}
              onChange={set("headline")}
              maxLength={300}
              required
              className={`${inputClass} text-lg font-semibold`}
            />
          )}
        </FormField>
        <FormField
          label="Slug"
          hint="The address of the article: /articles/slug. Leave empty to generate it from the headline."
          errors={errors.slug}
        >
          {(p) => (
            <input
              {...p}
              name="slug"
              value={f.slug}
              onChange={set("slug")}
              placeholder={slugify(f.headline)}
              maxLength={80}
              className={`${inputClass} font-mono`}
            />
          )}
        </FormField>
        <FormField label="Summary (dek)" errors={errors.dek}>
          {(p) => (
            <textarea
              {...p}
              name="dek"
              value={f.dek}
              onChange={set("dek")}
              rows={2}
              maxLength={600}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Dateline" hint="e.g. ISTANBUL" errors={errors.dateline}>
          {(p) => (
            <input
              {...p}
              name="dateline"
              value={f.dateline}
              onChange={set("dateline")}
              maxLength={80}
              className={inputClass}
            />
          )}
        </FormField>
        <div className="grid gap-4 xl:grid-cols-2">
          <FormField label="Body (Markdown)" errors={errors.body}>
            {(p) => (
              <textarea
                {...p}
                name="body"
                value={f.body}
                onChange={set("body")}
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
                  checked={preview}
                  onChange={(e) => setPreview(e.target.checked)}
                  className="mr-1"
                />
                Show preview
              </label>
            </div>
            {preview ? (
              <div
                aria-labelledby="preview-heading"
                role="region"
                className="prose-news max-h-[36rem] overflow-y-auto rounded border border-neutral-200 p-4 text-base dark:border-neutral-800"
                dangerouslySetInnerHTML={{ __html: html }}
              />
            ) : null}
          </div>
        </div>
        <FormField label="Correction" hint="Shown under the article when filled in." errors={errors.correction}>
          {(p) => (
            <textarea
              {...p}
              name="correction"
              value={f.correction}
              onChange={set("correction")}
              rows={2}
              className={inputClass}
            />
          )}
        </FormField>
        <fieldset className="space-y-3 rounded border border-neutral-200 p-4 dark:border-neutral-800">
          <legend className="px-1 text-sm font-semibold">Feature image</legend>
          {f.featureImagePath ? (
            <div className="flex items-start gap-4">
              <div className="relative h-24 w-40 overflow-hidden rounded bg-neutral-200">
                <Image src={f.featureImagePath} alt={f.featureImageAlt} fill sizes="160px" className="object-cover" />
              </div>
              <label className="text-sm">
                <input type="checkbox" name="removeImage" className="mr-1" />
                Remove image
              </label>
            </div>
          ) : null}
          <FormField
            label={f.featureImagePath ? "Replace image" : "Upload image"}
            hint="JPEG, PNG, WebP, AVIF or GIF, up to 8 MB."
            errors={errors.featureImage}
          >
            {(p) => (
              <input
                {...p}
                name="featureImage"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
                className="block text-sm"
              />
            )}
          </FormField>
          <FormField
            label="Alt text"
            hint="Required with an image: what the image shows, for readers who cannot see it."
            errors={errors.featureImageAlt}
          >
            {(p) => (
              <input
                {...p}
                name="featureImageAlt"
                value={f.featureImageAlt}
                onChange={set("featureImageAlt")}
                maxLength={500}
                className={inputClass}
              />
            )}
          </FormField>
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Caption" errors={errors.featureImageCaption}>
              {(p) => (
                <input
                  {...p}
                  name="featureImageCaption"
                  value={f.featureImageCaption}
                  onChange={set("featureImageCaption")}
                  maxLength={500}
                  className={inputClass}
                />
              )}
            </FormField>
            <FormField label="Credit" errors={errors.featureImageCredit}>
              {(p) => (
                <input
                  {...p}
                  name="featureImageCredit"
                  value={f.featureImageCredit}
                  onChange={set("featureImageCredit")}
                  maxLength={200}
                  className={inputClass}
                />
              )}
            </FormField>
          </div>
        </fieldset>
      </div>

      <aside className="space-y-5" aria-label="Publishing">
        <fieldset
          className="space-y-2 rounded border border-neutral-200 p-4 dark:border-neutral-800"
          aria-describedby={errors.status ? "status-error" : undefined}
        >
          <legend className="px-1 text-sm font-semibold">Status</legend>
          {(["draft", "published", "scheduled"] as const).map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="status"
                value={s}
                checked={f.status === s}
                onChange={() => setF((v) => ({ ...v, status: s }))}
                disabled={s !== "draft" && !canPublish}
              />
              {s === "draft" ? "Draft" : s === "published" ? "Published" : "Scheduled"}
            </label>
          ))}
          {!canPublish ? (
            <p className="text-xs text-neutral-600">Contributors save drafts; an editor publishes them.</p>
          ) : null}
          {errors.status ? (
            <p id="status-error" className="text-sm text-red-700">
              {errors.status.join(" ")}
            </p>
          ) : null}
          <FormField
            label="Publish at"
            hint={`Date and time in ${timezone}. Scheduled: when it goes live. Published: a past time backdates it; empty means now.`}
            errors={errors.publishedAt}
          >
            {(p) => (
              <input
                {...p}
                name="publishedAt"
                type="datetime-local"
                value={f.publishedAt}
                onChange={set("publishedAt")}
                className={inputClass}
              />
            )}
          </FormField>
          <SubmitButton pendingLabel="Saving…" className="mt-2 w-full">
            {f.status === "published"
              ? article.status === "published"
                ? "Update"
                : "Publish"
              : f.status === "scheduled"
                ? "Schedule"
                : "Save draft"}
          </SubmitButton>
        </fieldset>
        <FormField label="Section" errors={errors.sectionId}>
          {(p) => (
            <select
              {...p}
              name="sectionId"
              value={f.sectionId ?? ""}
              onChange={(e) => setF((v) => ({ ...v, sectionId: e.target.value ? Number(e.target.value) : null }))}
              className={inputClass}
            >
              <option value="">No section</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Tags" hint="Separate with commas; new tags are created." errors={errors.tags}>
          {(p) => <input {...p} name="tags" value={f.tags} onChange={set("tags")} className={inputClass} />}
        </FormField>
        {canChooseBylines ? (
          <AuthorPicker options={authors} initial={article.authorIds} />
        ) : (
          <div className="space-y-1 text-sm">
            <p className="font-semibold">Authors</p>
            <p>
              {article.authorIds
                .map((id) => authors.find((a) => a.id === id)?.name)
                .filter(Boolean)
                .join(", ") || "No byline yet."}
            </p>
            <p className="text-xs text-neutral-600 dark:text-neutral-400">Editors set the byline.</p>
          </div>
        )}
        {errors.authorIds ? <p className="text-sm text-red-700">{errors.authorIds.join(" ")}</p> : null}
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="commentsOpen"
            checked={f.commentStatus === "open"}
            onChange={(e) => setF((v) => ({ ...v, commentStatus: e.target.checked ? "open" : "closed" }))}
          />
          Comments open
        </label>
      </aside>
    </form>
  );
}
