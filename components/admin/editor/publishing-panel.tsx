import { ARTICLE_STATUS_LABELS as STATUS_LABELS, type ArticleStatus } from "@/lib/domain";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { PanelProps } from "./fields";
import { SendAsNewsletterField } from "./send-as-newsletter";

/** Status, publication time and the save button, whose label says what saving will do. */
export function PublishingPanel({
  values,
  bind,
  update,
  errors,
  storedStatus,
  timezone,
  canPublish,
}: PanelProps & { storedStatus: ArticleStatus; timezone: string; canPublish: boolean }) {
  return (
    <fieldset
      className="space-y-2 rounded border border-neutral-200 p-4 dark:border-neutral-800"
      aria-describedby={errors.status ? "status-error" : undefined}
    >
      <legend className="px-1 text-sm font-semibold">Status</legend>
      {(Object.keys(STATUS_LABELS) as ArticleStatus[]).map((s) => (
        <label key={s} className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="status"
            value={s}
            checked={values.status === s}
            onChange={() => update({ status: s })}
            disabled={s !== "draft" && s !== "pending" && !canPublish}
          />
          {STATUS_LABELS[s]}
        </label>
      ))}
      {!canPublish ? (
        <p className="text-xs text-neutral-600 dark:text-neutral-400">
          Save a draft, or submit it for review; an editor publishes it.
        </p>
      ) : null}
      {errors.status ? (
        <p id="status-error" className="text-sm text-red-700 dark:text-red-400">
          {errors.status.join(" ")}
        </p>
      ) : null}
      <FormField
        label="Publish at"
        hint={`Date and time in ${timezone}. Scheduled: when it goes live. Published: a past time backdates it; empty means now.`}
        errors={errors.publishedAt}
      >
        {(control) => (
          <input
            {...control}
            name="publishedAt"
            type="datetime-local"
            value={values.publishedAt}
            onChange={bind("publishedAt")}
            className={inputClass}
          />
        )}
      </FormField>
      {canPublish && values.status !== "draft" ? <SendAsNewsletterField /> : null}
      <SubmitButton pendingLabel="Saving…" className="mt-2 w-full">
        {saveLabel(values.status, storedStatus)}
      </SubmitButton>
    </fieldset>
  );
}

function saveLabel(chosen: ArticleStatus, stored: ArticleStatus): string {
  if (chosen === "published") return stored === "published" ? "Update" : "Publish";
  if (chosen === "pending") return stored === "pending" ? "Save" : "Submit for review";
  return chosen === "scheduled" ? "Schedule" : "Save draft";
}
