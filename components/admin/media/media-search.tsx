import { inputClass } from "@/components/ui/form-field";
import { buttonClass } from "@/components/ui/button-class";

/** Search by alt text, caption and file name; a plain GET form, so it works without JavaScript. */
export function MediaSearch({ query, unused }: { query: string; unused: boolean }) {
  return (
    <form role="search" action="/admin/media" className="my-4 flex flex-wrap items-end gap-2">
      {unused ? <input type="hidden" name="filter" value="unused" /> : null}
      <div className="min-w-64 flex-1">
        <label htmlFor="media-search" className="block text-sm font-semibold">
          Search images
        </label>
        <input
          id="media-search"
          name="q"
          type="search"
          defaultValue={query}
          maxLength={200}
          aria-describedby="media-search-hint"
          className={inputClass}
        />
        <p id="media-search-hint" className="text-xs text-neutral-600 dark:text-neutral-400">
          Words from the alt text, caption or file name.
        </p>
      </div>
      <button type="submit" className={`${buttonClass("secondary")} mb-5`}>
        Search
      </button>
    </form>
  );
}
