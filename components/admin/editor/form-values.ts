import type { EditorValues } from "@/lib/articles/editing";

// The editor reads what it saves from the form element itself (FormData), never from React state: the
// body editor keeps its own state and posts it as the hidden Markdown field `body`.

/** Fields the editor adds itself, which are no change of the writer's. */
const BOOKKEEPING = new Set(["id", "baseVersion"]);

/** The form's text fields as one string, to tell whether anything changed since the last save. */
export function serializeForm(form: HTMLFormElement | FormData): string {
  const entries: [string, string][] = [];
  for (const [key, value] of form instanceof FormData ? form : new FormData(form)) {
    if (typeof value === "string" && !BOOKKEEPING.has(key) && !key.startsWith("$ACTION")) entries.push([key, value]);
  }
  return JSON.stringify(entries);
}

/** The form's text fields for an autosave: the uploaded file stays behind (it goes with a real save). */
export function autosaveData(form: HTMLFormElement): FormData {
  const data = new FormData(form);
  for (const [key, value] of [...data.entries()]) if (typeof value !== "string") data.delete(key);
  return data;
}

/** What the writer has in the form now, as editor values (for comparing with a colleague's and copying). */
export function formValues(form: HTMLFormElement, base: EditorValues): EditorValues {
  const data = new FormData(form);
  const text = (key: string, fallback: string) => {
    const v = data.get(key);
    return typeof v === "string" ? v : fallback;
  };
  return {
    ...base,
    headline: text("headline", base.headline),
    slug: text("slug", base.slug),
    dek: text("dek", base.dek),
    dateline: text("dateline", base.dateline),
    body: text("body", base.body),
    tags: text("tags", base.tags),
    correction: text("correction", base.correction),
    featureImageAlt: text("featureImageAlt", base.featureImageAlt),
    featureImageCaption: text("featureImageCaption", base.featureImageCaption),
    featureImageCredit: text("featureImageCredit", base.featureImageCredit),
  };
}

/** The story as plain text to copy somewhere safe: headline, summary and body. */
export function copyableText(v: Pick<EditorValues, "headline" | "dek" | "body">): string {
  return [v.headline, v.dek, v.body].filter((s) => s.trim() !== "").join("\n\n");
}
