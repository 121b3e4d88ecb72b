import { getArticleForEdit } from "@/lib/data/admin-articles";

/**
 * A story's save as the editor posts it: a save of an existing story names the version it was based on,
 * here the stored one (tests/article-versions.test.ts covers saves based on an older one).
 */
export async function withCurrentVersion(form: FormData): Promise<FormData> {
  const id = Number(form.get("id"));
  if (id && !form.has("baseVersion")) form.set("baseVersion", String((await getArticleForEdit(id))?.version ?? ""));
  return form;
}
