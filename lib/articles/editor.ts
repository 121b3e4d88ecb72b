import "server-only";
import type { ArticleStatus } from "@/lib/domain";
import { effectiveStatus, type ArticleContent, type EditableArticle } from "@/lib/data/admin-articles";
import { toZonedInputValue } from "@/lib/format/dates";

/** The article as the editor form holds it: what is stored, with tags and the time as typed. */
export type EditorArticle = Omit<ArticleContent, "tagNames"> & {
  id: number | null;
  tags: string;
  status: ArticleStatus;
  /** datetime-local value in the publication's time zone, or "". */
  publishedAt: string;
};

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
