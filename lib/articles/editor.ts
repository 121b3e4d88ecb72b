import "server-only";
import { effectiveStatus, type EditableArticle } from "@/lib/data/admin-articles";
import type { EditorValues } from "@/lib/articles/editing";
import { toZonedInputValue } from "@/lib/format/dates";

/** The article as the editor form holds it: what is stored, with tags and the time as typed. */
export type EditorArticle = EditorValues;

/** The stored article as the editor form's initial values. */
export function toEditorArticle(a: EditableArticle, timezone: string): EditorArticle {
  return {
    id: a.id,
    headline: a.headline,
    slug: a.slug,
    dek: a.dek,
    dateline: a.dateline,
    body: a.body,
    sectionId: a.sectionId,
    tags: a.tagNames.join(", "),
    authorIds: a.authorIds,
    featureImagePath: a.featureImagePath,
    featureImageAlt: a.featureImageAlt,
    featureImageCaption: a.featureImageCaption,
    featureImageCredit: a.featureImageCredit,
    correction: a.correction,
    commentStatus: a.commentStatus,
    status: effectiveStatus(a.status, a.publishedAt),
    publishedAt: a.publishedAt ? toZonedInputValue(a.publishedAt, timezone) : "",
  };
}
