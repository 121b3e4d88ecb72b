/** The article form exactly as a browser posts it, crafted or from the editor: every field, with defaults. */
export function articleFormData(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  const defaults = {
    headline: "H",
    slug: "",
    dek: "",
    dateline: "",
    body: "B",
    sectionId: "",
    tags: "",
    status: "draft",
    publishedAt: "",
    commentsOpen: "on",
    correction: "",
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
  };
  for (const [k, v] of Object.entries({ ...defaults, ...values }))
    for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}
