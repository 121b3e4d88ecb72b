"use client";

import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import {
  clearBreakingBannerAction,
  moveTopStoryAction,
  pinArticleAction,
  removePickAction,
  setBreakingBannerAction,
} from "@/lib/actions/front-page";

/** Move up, move down and remove for one pick; the buttons name the story for screen-reader users. */
export function PickControls({
  articleId,
  headline,
  canMoveUp,
  canMoveDown,
}: {
  articleId: number;
  headline: string;
  canMoveUp?: boolean;
  canMoveDown?: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {canMoveUp ? (
        <ActionForm action={moveTopStoryAction} hidden={{ articleId, direction: "up" }}>
          <SubmitButton variant="secondary" size="sm">
            Move up<span className="sr-only">: {headline}</span>
          </SubmitButton>
        </ActionForm>
      ) : null}
      {canMoveDown ? (
        <ActionForm action={moveTopStoryAction} hidden={{ articleId, direction: "down" }}>
          <SubmitButton variant="secondary" size="sm">
            Move down<span className="sr-only">: {headline}</span>
          </SubmitButton>
        </ActionForm>
      ) : null}
      <ActionForm action={removePickAction} hidden={{ articleId }}>
        <SubmitButton variant="secondary" size="sm">
          Remove<span className="sr-only">: {headline}</span>
        </SubmitButton>
      </ActionForm>
    </div>
  );
}

/** Puts a published story in the lead or among Top stories, with an optional expiry. */
export function PinForm({ stories, timezone }: { stories: { id: number; headline: string }[]; timezone: string }) {
  return (
    <ActionForm action={pinArticleAction} className="space-y-3" label="Add to the front page">
      {(state) => (
        <>
          <FormField label="Story" errors={state.fieldErrors?.articleId}>
            {(control) => (
              <select {...control} name="articleId" className={inputClass} required>
                {stories.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.headline}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <fieldset className="flex gap-4 text-sm">
            <legend className="mb-1 font-semibold">Place</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="slot" value="lead" defaultChecked /> Lead story
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="slot" value="top" /> Top stories
            </label>
          </fieldset>
          <FormField
            label="Expires at"
            hint={`Optional, in ${timezone}. The slot then fills with the latest stories again.`}
            errors={state.fieldErrors?.expiresAt}
          >
            {(control) => <input {...control} name="expiresAt" type="datetime-local" className={inputClass} />}
          </FormField>
          <SubmitButton pendingLabel="Pinning…">Pin to the front page</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/** Raises the Breaking banner shown across every reader page. */
export function BreakingForm({ timezone }: { timezone: string }) {
  return (
    <ActionForm action={setBreakingBannerAction} className="space-y-3" label="Breaking banner">
      {(state) => (
        <>
          <FormField label="Banner text" errors={state.fieldErrors?.text}>
            {(control) => (
              <input
                {...control}
                name="text"
                maxLength={200}
                defaultValue={state.values?.text}
                className={inputClass}
              />
            )}
          </FormField>
          <FormField
            label="Link"
            hint="Optional: an address on this site (/articles/…) or one starting with https://."
            errors={state.fieldErrors?.url}
          >
            {(control) => <input {...control} name="url" defaultValue={state.values?.url} className={inputClass} />}
          </FormField>
          <FormField label="Banner expires at" hint={`Optional, in ${timezone}.`} errors={state.fieldErrors?.expiresAt}>
            {(control) => (
              <input
                {...control}
                name="expiresAt"
                type="datetime-local"
                defaultValue={state.values?.expiresAt}
                className={inputClass}
              />
            )}
          </FormField>
          <SubmitButton pendingLabel="Raising…">Raise banner</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function ClearBreakingButton() {
  return (
    <ActionForm action={clearBreakingBannerAction}>
      <SubmitButton variant="secondary" size="sm" pendingLabel="Clearing…">
        Clear banner
      </SubmitButton>
    </ActionForm>
  );
}
