import { slugify } from "@/lib/format/text";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { PanelProps } from "./fields";

/** What readers see first: headline, address, summary and dateline. */
export function StoryPanel({ values, bind, errors }: Omit<PanelProps, "update">) {
  return (
    <>
      <FormField label="Headline" required errors={errors.headline}>
        {(control) => (
          <input
            {...control}
            name="headline"
            value={values.headline}
            onChange={bind("headline")}
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
        {(control) => (
          <input
            {...control}
            name="slug"
            value={values.slug}
            onChange={bind("slug")}
            placeholder={slugify(values.headline)}
            maxLength={80}
            className={`${inputClass} font-mono`}
          />
        )}
      </FormField>
      <FormField label="Summary (dek)" errors={errors.dek}>
        {(control) => (
          <textarea
            {...control}
            name="dek"
            value={values.dek}
            onChange={bind("dek")}
            rows={2}
            maxLength={600}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Dateline" hint="e.g. ISTANBUL" errors={errors.dateline}>
        {(control) => (
          <input
            {...control}
            name="dateline"
            value={values.dateline}
            onChange={bind("dateline")}
            maxLength={80}
            className={inputClass}
          />
        )}
      </FormField>
    </>
  );
}
