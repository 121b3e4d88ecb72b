"use client";

import { RichTextField } from "@/components/admin/editor/rich-text-field";
import { SubmitButton } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";
import { postLiveUpdateAction } from "@/lib/actions/live";
import { LIVE_LIMITS } from "@/lib/live/rules";

export type LiveUpdateDraft = {
  id: number;
  body: string;
  headline: string;
  byline: string;
  keyEvent: boolean;
  image: { path: string; alt: string } | null;
};

/** Posts a new update, or (with `update`) saves an edit of one: one action, one button. */
export function LiveUpdateForm({ articleId, update }: { articleId: number; update?: LiveUpdateDraft }) {
  const [state, action] = useToastingAction(postLiveUpdateAction);
  // After a post the form starts empty; after a refusal it keeps what was typed.
  const typed = state.status === "error" ? state.values : undefined;
  const value = (name: string, fallback: string) => typed?.[name] ?? fallback;
  const errors = state.fieldErrors ?? {};
  const prefix = update ? `edit-${update.id}` : "new-update";
  return (
    <form action={action} key={state.status === "idle" ? "idle" : state.at} className="space-y-4">
      <input type="hidden" name="articleId" value={articleId} />
      {update ? <input type="hidden" name="updateId" value={update.id} /> : null}
      {update?.image ? <input type="hidden" name="imagePath" value={update.image.path} /> : null}
      {state.status === "error" && Object.keys(errors).length === 0 ? <FormAlert message={state.message} /> : null}
      <RichTextField
        name="body"
        label="Update"
        defaultValue={value("body", update?.body ?? "")}
        hint="Markdown: **bold**, _italic_, [links](https://…)."
      />
      {errors.body ? (
        <p className="text-sm font-semibold text-red-700 dark:text-red-400">{errors.body.join(" ")}</p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Headline (optional)" errors={errors.headline} id={`${prefix}-headline`}>
          {(props) => (
            <input
              {...props}
              name="headline"
              maxLength={LIVE_LIMITS.headline}
              defaultValue={value("headline", update?.headline ?? "")}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Byline (optional)" errors={errors.byline} id={`${prefix}-byline`}>
          {(props) => (
            <input
              {...props}
              name="byline"
              maxLength={LIVE_LIMITS.byline}
              defaultValue={value("byline", update?.byline ?? "")}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField
          label={update?.image ? "Replace image (optional)" : "Image (optional)"}
          errors={errors.image}
          id={`${prefix}-image`}
        >
          {(props) => <input {...props} type="file" name="image" accept="image/*" className="block text-sm" />}
        </FormField>
        <FormField
          label="Image description"
          errors={errors.imageAlt}
          id={`${prefix}-alt`}
          hint="Required with an image."
        >
          {(props) => (
            <input
              {...props}
              name="imageAlt"
              maxLength={LIVE_LIMITS.imageAlt}
              defaultValue={value("imageAlt", update?.image?.alt ?? "")}
              className={inputClass}
            />
          )}
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-6">
        <label className="flex items-center gap-2 text-sm font-semibold">
          <input
            type="checkbox"
            name="keyEvent"
            defaultChecked={typed ? typed.keyEvent === "on" : (update?.keyEvent ?? false)}
            className="h-4 w-4"
          />
          Key event
        </label>
        {update?.image ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="removeImage" className="h-4 w-4" />
            Remove the image
          </label>
        ) : null}
        <SubmitButton pendingLabel={update ? "Saving…" : "Posting…"}>
          {update ? "Save update" : "Post update"}
        </SubmitButton>
      </div>
    </form>
  );
}
