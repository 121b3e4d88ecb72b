import { z } from "zod";

// WordPress's column limits (wp_get_comment_fields_max_lengths).
export const COMMENT_LIMITS = { comment: 65525, author: 245, email: 100, url: 200 } as const;

export const COMMENT_MESSAGES = {
  required: "Please fill the required fields.",
  invalidEmail: "Please enter a valid email address.",
  emptyComment: "Please type your comment text.",
  commentTooLong: "Your comment is too long.",
  nameTooLong: "Your name is too long.",
  emailTooLong: "Your email address is too long.",
  urlTooLong: "Your website address is too long.",
  invalidUrl: "Please enter a website address starting with http:// or https://.",
  duplicate: "Duplicate comment detected; it looks as though you’ve already said that!",
  flood: "You are posting comments too quickly. Slow down.",
  closed: "Comments are closed.",
  awaitingModeration: "Your comment is awaiting moderation.",
  parentMissing: "The comment you are replying to is not available. Please reply to another comment.",
  tooDeep: "Replies cannot be nested that deeply. Please reply to an earlier comment in the thread.",
  invalid: "Your comment could not be posted. Please reload the page and try again.",
} as const;

// The honeypot's name looks like a field a form-filling bot completes; people never see it.
export const HONEYPOT_FIELD = "comment_url_confirm";

/** http(s) only; a bare "example.org" is taken as http://example.org, as WordPress does. */
function normalizeUrl(value: string): string | null {
  if (value === "") return "";
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    const web = url.protocol === "http:" || url.protocol === "https:";
    const host = url.hostname.includes(".") || url.hostname === "localhost";
    return web && host ? url.toString() : null;
  } catch {
    return null;
  }
}

const optionalId = z.preprocess(
  (v) => (v === "" || v === "0" || v === undefined || v === null ? null : v),
  z.coerce.number().int().positive().nullable(),
);

export const CommentInput = z.object({
  articleId: z.coerce.number().int().positive(),
  parentId: optionalId,
  comment: z
    .string()
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z.string().min(1, COMMENT_MESSAGES.emptyComment).max(COMMENT_LIMITS.comment, COMMENT_MESSAGES.commentTooLong),
    ),
  author: z.string().trim().min(1, COMMENT_MESSAGES.required).max(COMMENT_LIMITS.author, COMMENT_MESSAGES.nameTooLong),
  email: z
    .string()
    .trim()
    .min(1, COMMENT_MESSAGES.required)
    .max(COMMENT_LIMITS.email, COMMENT_MESSAGES.emailTooLong)
    .pipe(z.email(COMMENT_MESSAGES.invalidEmail))
    // Stored lower-case so "previously approved" and the flood rule match however it is typed.
    .transform((v) => v.toLowerCase()),
  url: z
    .string()
    .trim()
    .max(COMMENT_LIMITS.url, COMMENT_MESSAGES.urlTooLong)
    .transform((v, ctx) => {
      const url = normalizeUrl(v);
      if (url === null) {
        ctx.addIssue({ code: "custom", message: COMMENT_MESSAGES.invalidUrl });
        return z.NEVER;
      }
      return url;
    })
    .pipe(z.string().max(COMMENT_LIMITS.url, COMMENT_MESSAGES.urlTooLong)),
  remember: z.preprocess((v) => v === "on" || v === "1" || v === true, z.boolean()),
  [HONEYPOT_FIELD]: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
});

export type CommentInput = z.infer<typeof CommentInput>;

export type CommentField = "comment" | "author" | "email" | "url";

export type CommentFormValues = { comment: string; author: string; email: string; url: string; remember: boolean };

export type CommentFieldErrors = Partial<Record<CommentField, string>>;

const FIELDS: CommentField[] = ["comment", "author", "email", "url"];

/** The raw form values, kept so a failed post re-renders with what the visitor typed. */
export function formValues(form: FormData): CommentFormValues {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === "string" ? v : "";
  };
  return {
    comment: text("comment"),
    author: text("author"),
    email: text("email"),
    url: text("url"),
    remember: text("remember") === "on",
  };
}

export type ParsedComment =
  { ok: true; data: CommentInput } | { ok: false; fieldErrors: CommentFieldErrors; formError: string | null };

/** Validates a posted form; each field reports its first problem. */
export function parseCommentForm(form: FormData): ParsedComment {
  // A missing or non-text entry (a file) reads as empty, so a crafted post gets the same messages.
  const raw = Object.fromEntries(
    Object.keys(CommentInput.shape).map((key) => {
      const v = form.get(key);
      return [key, typeof v === "string" ? v : ""];
    }),
  );
  const parsed = CommentInput.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: CommentFieldErrors = {};
  let formError: string | null = null;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (FIELDS.includes(field as CommentField)) {
      fieldErrors[field as CommentField] ??= issue.message;
    } else {
      formError = COMMENT_MESSAGES.invalid;
    }
  }
  return { ok: false, fieldErrors, formError };
}
