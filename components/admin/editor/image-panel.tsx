"use client";

import { useState } from "react";
import Image from "next/image";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { PanelProps } from "./fields";
import { MediaChooser } from "./media-chooser";

/**
 * The feature image: upload or replace it, or choose one from the media library (which brings the
 * library's alt text, caption and credit), and the texts readers see with it.
 */
export function ImagePanel({ values, bind, update, errors }: PanelProps) {
  const [libraryId, setLibraryId] = useState<number | null>(null);
  return (
    <fieldset className="space-y-3 rounded border border-neutral-200 p-4 dark:border-neutral-800">
      <legend className="px-1 text-sm font-semibold">Feature image</legend>
      {libraryId !== null ? <input type="hidden" name="libraryImageId" value={libraryId} /> : null}
      {values.featureImagePath ? (
        <div className="flex items-start gap-4">
          <div className="relative h-24 w-40 overflow-hidden rounded bg-neutral-200">
            <Image
              src={values.featureImagePath}
              alt={values.featureImageAlt}
              fill
              sizes="160px"
              className="object-cover"
            />
          </div>
          <label className="text-sm">
            <input type="checkbox" name="removeImage" className="mr-1" />
            Remove image
          </label>
        </div>
      ) : null}
      <FormField
        label={values.featureImagePath ? "Replace image" : "Upload image"}
        hint="JPEG, PNG, WebP, AVIF or GIF, up to 8 MB."
        errors={errors.featureImage}
      >
        {(control) => (
          <input
            {...control}
            name="featureImage"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
            className="block text-sm"
          />
        )}
      </FormField>
      <MediaChooser
        label="Choose feature image from library"
        onChoose={(image) => {
          setLibraryId(image.id);
          update({
            featureImagePath: image.path,
            featureImageAlt: image.alt,
            featureImageCaption: image.caption,
            featureImageCredit: image.credit,
          });
        }}
      />
      <FormField
        label="Alt text"
        hint="Required with an image: what the image shows, for readers who cannot see it."
        errors={errors.featureImageAlt}
      >
        {(control) => (
          <input
            {...control}
            name="featureImageAlt"
            value={values.featureImageAlt}
            onChange={bind("featureImageAlt")}
            maxLength={500}
            className={inputClass}
          />
        )}
      </FormField>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Caption" errors={errors.featureImageCaption}>
          {(control) => (
            <input
              {...control}
              name="featureImageCaption"
              value={values.featureImageCaption}
              onChange={bind("featureImageCaption")}
              maxLength={500}
              className={inputClass}
            />
          )}
        </FormField>
        <FormField label="Credit" errors={errors.featureImageCredit}>
          {(control) => (
            <input
              {...control}
              name="featureImageCredit"
              value={values.featureImageCredit}
              onChange={bind("featureImageCredit")}
              maxLength={200}
              className={inputClass}
            />
          )}
        </FormField>
      </div>
    </fieldset>
  );
}
