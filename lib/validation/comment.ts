import { z } from "zod";
import { xmlSafeText } from "@/lib/feeds/xml";
import {
  COMMENT_FIELDS as FIELDS,
  COMMENT_LIMITS,
  HONEYPOT_FIELD,
  type CommentField,
} from "@/lib/validation/comment-form";

// What the reply form (a client component) needs lives apart, so that zod stays out of readers' scripts.
export * from "@/lib/validation/comment-form";

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

/**
 * The posted form as the schema reads it: a missing or non-text entry (a file) reads as empty, and NUL
 * and the other characters XML cannot carry are dropped (PostgreSQL refuses a NUL in text: a 500).
 */
export function commentFormInput(form: FormData): Record<string, string> {
  return Object.fromEntries(
    Object.keys(CommentInput.shape).map((key) => {
      const v = form.get(key);
      return [key, typeof v === "string" ? xmlSafeText(v) : ""];
    }),
  );
}

/**
 * A refused form the way WordPress reports it: each field its first problem, and one message for the
 * post (a tampered hidden field, else the first field's problem).
 */
export function commentFormErrors(error: z.ZodError): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  let formError: string | null = null;
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (FIELDS.includes(field as CommentField)) fieldErrors[field as CommentField] ??= [issue.message];
    else formError = COMMENT_MESSAGES.invalid;
  }
  return { message: formError ?? Object.values(fieldErrors)[0]?.[0] ?? COMMENT_MESSAGES.invalid, fieldErrors };
}
