// The reply form's fields, limits and messages as the browser needs them: no zod here, so the reply
// form's script does not carry the schema library (lib/validation/comment.ts holds the schema).

// WordPress's column limits (wp_get_comment_fields_max_lengths).
export const COMMENT_LIMITS = { comment: 65525, author: 245, email: 100, url: 200 } as const;

// The honeypot's name looks like a field a form-filling bot completes; people never see it.
export const HONEYPOT_FIELD = "comment_url_confirm";

export type CommentField = "comment" | "author" | "email" | "url";

export type CommentFormValues = { comment: string; author: string; email: string; url: string; remember: boolean };

export const COMMENT_FIELDS: CommentField[] = ["comment", "author", "email", "url"];

/** The form's fields again from the values a refused post returned (the checkbox posts "on"). */
export function commentFormValues(kept: Record<string, string> = {}): CommentFormValues {
  return {
    comment: kept.comment ?? "",
    author: kept.author ?? "",
    email: kept.email ?? "",
    url: kept.url ?? "",
    remember: kept.remember === "on",
  };
}

export type CommentFieldErrors = Partial<Record<CommentField, string>>;

/** Each field's message from a refused post's field errors (commentFormErrors gives one per field). */
export function commentFieldErrors(errors: Record<string, string[] | undefined> = {}): CommentFieldErrors {
  return Object.fromEntries(COMMENT_FIELDS.filter((f) => errors[f]?.length).map((f) => [f, errors[f]![0]]));
}
