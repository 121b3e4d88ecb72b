"use client";

import { saveSettingsAction } from "@/lib/actions/settings";
import type { FieldErrors } from "@/lib/actions/state";
import type { Settings } from "@/lib/validation/settings";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

export function SettingsForm({ settings, timeZones }: { settings: Settings; timeZones: string[] }) {
  const [state, action] = useToastingAction(saveSettingsAction);
  const errors = state.fieldErrors ?? {};
  const saved: Record<string, string> = {
    siteTitle: settings.siteTitle,
    tagline: settings.tagline,
    timezone: settings.timezone,
    commentModerationWords: settings.commentModerationWords.join("\n"),
    commentDisallowedWords: settings.commentDisallowedWords.join("\n"),
    commentMaxLinks: String(settings.commentMaxLinks),
    commentCloseAfterDays: String(settings.commentCloseAfterDays),
    commentThreadDepth: String(settings.commentThreadDepth),
  };
  const shown = state.status === "error" && state.values ? { ...saved, ...state.values } : saved;
  // A new key after each result puts the returned values back into the uncontrolled fields.
  const fields: Fields = { shown, resetKey: String(state.at ?? 0), errors };
  return (
    <form action={action} className="max-w-2xl space-y-8" aria-label="Settings" noValidate>
      <PublicationFields {...fields} timeZones={timeZones} />
      <CommentFields {...fields} previouslyApproved={settings.commentPreviouslyApproved} />
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}

type Fields = { shown: Record<string, string>; resetKey: string; errors: FieldErrors };

function PublicationFields({ shown, resetKey, errors, timeZones }: Fields & { timeZones: string[] }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Publication</legend>
      <FormField label="Site title" required errors={errors.siteTitle}>
        {(control) => (
          <input {...control} name="siteTitle" defaultValue={shown.siteTitle} key={resetKey} className={inputClass} />
        )}
      </FormField>
      <FormField label="Tagline" errors={errors.tagline}>
        {(control) => (
          <input {...control} name="tagline" defaultValue={shown.tagline} key={resetKey} className={inputClass} />
        )}
      </FormField>
      <FormField
        label="Time zone"
        hint="Dates on the site and scheduling times use this zone."
        errors={errors.timezone}
      >
        {(control) => (
          <select {...control} name="timezone" defaultValue={shown.timezone} key={resetKey} className={inputClass}>
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </select>
        )}
      </FormField>
    </fieldset>
  );
}

function CommentFields({ shown, resetKey, errors, previouslyApproved }: Fields & { previouslyApproved: boolean }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Comments</legend>
      <FormField
        label="Moderation words"
        hint="One per line. A comment containing any of them is held for moderation."
        errors={errors.commentModerationWords}
      >
        {(control) => (
          <textarea
            {...control}
            name="commentModerationWords"
            rows={4}
            defaultValue={shown.commentModerationWords}
            key={resetKey}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField
        label="Disallowed words"
        hint="One per line. A comment containing any of them goes to spam."
        errors={errors.commentDisallowedWords}
      >
        {(control) => (
          <textarea
            {...control}
            name="commentDisallowedWords"
            rows={4}
            defaultValue={shown.commentDisallowedWords}
            key={resetKey}
            className={inputClass}
          />
        )}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Hold a comment with this many links" errors={errors.commentMaxLinks}>
          {(control) => (
            <input
              {...control}
              name="commentMaxLinks"
              type="number"
              min={0}
              max={100}
              defaultValue={shown.commentMaxLinks}
              key={resetKey}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Close comments after (days)" hint="0 keeps them open." errors={errors.commentCloseAfterDays}>
          {(control) => (
            <input
              {...control}
              name="commentCloseAfterDays"
              type="number"
              min={0}
              max={3650}
              defaultValue={shown.commentCloseAfterDays}
              key={resetKey}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Thread depth" errors={errors.commentThreadDepth}>
          {(control) => (
            <input
              {...control}
              name="commentThreadDepth"
              type="number"
              min={1}
              max={10}
              defaultValue={shown.commentThreadDepth}
              key={resetKey}
              className={inputClass}
            />
          )}
        </FormField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="commentPreviouslyApproved" defaultChecked={previouslyApproved} key={resetKey} />
        Comment author must have a previously approved comment
      </label>
    </fieldset>
  );
}
