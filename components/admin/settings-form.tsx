"use client";

import { saveSettingsAction } from "@/lib/actions/settings";
import type { FieldErrors } from "@/lib/actions/state";
import type { Settings } from "@/lib/validation/settings";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

export function SettingsForm({
  settings,
  timeZones,
  sections,
}: {
  settings: Settings;
  timeZones: string[];
  sections: { slug: string; name: string }[];
}) {
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
    mailFromName: settings.mailFromName,
    mailFromAddress: settings.mailFromAddress,
    postalAddress: settings.postalAddress,
    briefingTime: settings.briefingTime,
  };
  const shown = state.status === "error" && state.values ? { ...saved, ...state.values } : saved;
  // A new key after each result puts the returned values back into the uncontrolled fields.
  const fields: Fields = { shown, resetKey: String(state.at ?? 0), errors };
  return (
    <form action={action} className="max-w-2xl space-y-8" aria-label="Settings" noValidate>
      <PublicationFields {...fields} timeZones={timeZones} />
      <CommentFields {...fields} previouslyApproved={settings.commentPreviouslyApproved} />
      <NewsletterFields {...fields} sections={sections} enabled={settings.newsletterSections} />
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}

type Fields = { shown: Record<string, string>; resetKey: string; errors: FieldErrors };

function PublicationFields({ timeZones, ...fields }: Fields & { timeZones: string[] }) {
  const { shown, resetKey, errors } = fields;
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Publication</legend>
      <SettingInput fields={fields} name="siteTitle" label="Site title" required />
      <SettingInput fields={fields} name="tagline" label="Tagline" />
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

function CommentFields({ previouslyApproved, ...fields }: Fields & { previouslyApproved: boolean }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Comments</legend>
      <WordListSetting
        fields={fields}
        name="commentModerationWords"
        label="Moderation words"
        hint="One per line. A comment containing any of them is held for moderation."
      />
      <WordListSetting
        fields={fields}
        name="commentDisallowedWords"
        label="Disallowed words"
        hint="One per line. A comment containing any of them goes to spam."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SettingInput
          fields={fields}
          name="commentMaxLinks"
          label="Hold a comment with this many links"
          type="number"
          min={0}
          max={100}
        />
        <SettingInput
          fields={fields}
          name="commentCloseAfterDays"
          label="Close comments after (days)"
          hint="0 keeps them open."
          type="number"
          min={0}
          max={3650}
        />
        <SettingInput fields={fields} name="commentThreadDepth" label="Thread depth" type="number" min={1} max={10} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="commentPreviouslyApproved"
          defaultChecked={previouslyApproved}
          key={fields.resetKey}
        />
        Comment author must have a previously approved comment
      </label>
    </fieldset>
  );
}

function NewsletterFields({
  sections,
  enabled,
  ...fields
}: Fields & { sections: { slug: string; name: string }[]; enabled: string[] }) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-xl font-bold">Newsletters</legend>
      <SettingInput fields={fields} name="mailFromName" label="Sender name" hint="Empty: the site title." />
      <SettingInput
        fields={fields}
        name="mailFromAddress"
        label="Sender address"
        hint="The From address of every email, like news@example.com. Empty: MAIL_FROM, or newsletter@ the site's host."
      />
      <SettingInput
        fields={fields}
        name="postalAddress"
        label="Postal address"
        hint="Shown in every newsletter's footer (anti-spam laws ask for it)."
      />
      <SettingInput
        fields={fields}
        name="briefingTime"
        label="Daily briefing time"
        hint="HH:MM in the publication's time zone. Not sent on a day with nothing new."
      />
      <fieldset>
        <legend className="mb-1 text-sm font-semibold">Sections with a newsletter of their own</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1" key={fields.resetKey}>
          {sections.map((s) => (
            <label key={s.slug} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="newsletterSections"
                value={s.slug}
                defaultChecked={enabled.includes(s.slug)}
              />
              {s.name}
            </label>
          ))}
        </div>
      </fieldset>
    </fieldset>
  );
}

type Setting = { fields: Fields; name: string; label: string; hint?: string };

/** One setting in a text (or number) box, showing the value to edit and the last save's errors. */
function SettingInput({
  fields,
  name,
  label,
  hint,
  required,
  ...box
}: Setting & { required?: boolean; type?: "number"; min?: number; max?: number }) {
  return (
    <FormField label={label} hint={hint} required={required} errors={fields.errors[name]}>
      {(control) => (
        <input
          {...control}
          {...box}
          name={name}
          defaultValue={fields.shown[name]}
          key={fields.resetKey}
          className={inputClass}
        />
      )}
    </FormField>
  );
}

/** A setting that is a list of words, one per line. */
function WordListSetting({ fields, name, label, hint }: Setting) {
  return (
    <FormField label={label} hint={hint} errors={fields.errors[name]}>
      {(control) => (
        <textarea
          {...control}
          name={name}
          rows={4}
          defaultValue={fields.shown[name]}
          key={fields.resetKey}
          className={inputClass}
        />
      )}
    </FormField>
  );
}
