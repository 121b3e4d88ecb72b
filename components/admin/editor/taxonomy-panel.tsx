import { FormField, inputClass } from "@/components/ui/form-field";
import { AuthorPicker } from "./author-picker";
import type { PanelProps } from "./fields";

type Option = { id: number; name: string };

/** Where the story is filed and who signs it: section, tags, bylines, and whether comments are open. */
export function TaxonomyPanel({
  values,
  bind,
  update,
  errors,
  sections,
  authors,
  initialAuthorIds,
  canChooseBylines,
}: PanelProps & { sections: Option[]; authors: Option[]; initialAuthorIds: number[]; canChooseBylines: boolean }) {
  return (
    <>
      <FormField label="Section" errors={errors.sectionId}>
        {(control) => (
          <select
            {...control}
            name="sectionId"
            value={values.sectionId ?? ""}
            onChange={(e) => update({ sectionId: e.target.value ? Number(e.target.value) : null })}
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
        {(control) => (
          <input {...control} name="tags" value={values.tags} onChange={bind("tags")} className={inputClass} />
        )}
      </FormField>
      {canChooseBylines ? (
        <AuthorPicker options={authors} initial={initialAuthorIds} />
      ) : (
        <FixedByline names={initialAuthorIds.map((id) => authors.find((a) => a.id === id)?.name)} />
      )}
      {errors.authorIds ? <p className="text-sm text-red-700 dark:text-red-400">{errors.authorIds.join(" ")}</p> : null}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="commentsOpen"
          checked={values.commentStatus === "open"}
          onChange={(e) => update({ commentStatus: e.target.checked ? "open" : "closed" })}
        />
        Comments open
      </label>
    </>
  );
}

function FixedByline({ names }: { names: (string | undefined)[] }) {
  return (
    <div className="space-y-1 text-sm">
      <p className="font-semibold">Authors</p>
      <p>{names.filter(Boolean).join(", ") || "No byline yet."}</p>
      <p className="text-xs text-neutral-600 dark:text-neutral-400">Editors set the byline.</p>
    </div>
  );
}
