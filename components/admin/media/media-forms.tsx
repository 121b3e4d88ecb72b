"use client";

import { deleteMediaAction, updateMediaDetailsAction } from "@/lib/actions/media";
import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";

type Details = { id: number; fileName: string; alt: string; caption: string; credit: string };

/** The library's alt text, caption and credit of one image: what a story placing it starts from. */
export function MediaDetailsForm({ item }: { item: Details }) {
  return (
    <ActionForm
      action={updateMediaDetailsAction}
      hidden={{ id: item.id }}
      className="space-y-2"
      label={`Details of ${item.fileName}`}
    >
      {(state) => (
        <>
          <FormAlert message={state.status === "error" ? state.message : undefined} />
          <FormField
            label="Alt text"
            hint="What the image shows, for readers who cannot see it."
            errors={state.fieldErrors?.alt}
          >
            {(control) => (
              <input
                {...control}
                name="alt"
                defaultValue={state.values?.alt ?? item.alt}
                maxLength={500}
                className={inputClass}
              />
            )}
          </FormField>
          <FormField label="Caption" errors={state.fieldErrors?.caption}>
            {(control) => (
              <input
                {...control}
                name="caption"
                defaultValue={state.values?.caption ?? item.caption}
                maxLength={500}
                className={inputClass}
              />
            )}
          </FormField>
          <FormField label="Credit" errors={state.fieldErrors?.credit}>
            {(control) => (
              <input
                {...control}
                name="credit"
                defaultValue={state.values?.credit ?? item.credit}
                maxLength={200}
                className={inputClass}
              />
            )}
          </FormField>
          <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
            Save details
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/** Deletes an image nothing uses, after a confirmation; one in use is kept and the toast names its users. */
export function DeleteMediaForm({ id, fileName }: { id: number; fileName: string }) {
  return (
    <ActionForm action={deleteMediaAction} hidden={{ id }} label={`Delete ${fileName}`}>
      {(state) => (
        <>
          {state.status === "error" ? (
            <p role="alert" className="mb-2 text-sm font-semibold text-red-700 dark:text-red-400">
              {state.message}
            </p>
          ) : null}
          <ConfirmButton
            title={`Delete ${fileName}?`}
            description="The image file is removed for good. An image still in use is kept."
            confirmLabel="Delete image"
          >
            Delete
          </ConfirmButton>
        </>
      )}
    </ActionForm>
  );
}
