import { z } from "zod";
import { xmlSafeText } from "@/lib/feeds/xml";
import { ARTICLE_STATUSES } from "@/lib/domain";
import { SLUG_MAX } from "@/lib/format/text";

const optionalId = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : v),
  z.coerce.number().int().positive().nullable(),
);

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const ArticleFormSchema = z
  .object({
    id: optionalId,
    headline: z
      .string()
      .trim()
      .min(1, "Write a headline.")
      .max(300, "The headline is too long (300 characters at most)."),
    slug: z
      .string()
      .trim()
      .max(SLUG_MAX, `The slug is too long (${SLUG_MAX} characters at most).`)
      .refine((s) => s === "" || SLUG_PATTERN.test(s), "Use lower-case letters, digits and hyphens only."),
    dek: z.string().trim().max(600, "The summary is too long (600 characters at most)."),
    dateline: z.string().trim().max(80, "The dateline is too long."),
    body: z.string().max(200_000, "The body is too long."),
    sectionId: optionalId,
    tags: z.string().max(2000),
    authorIds: z.array(z.coerce.number().int().positive()).max(10, "At most 10 authors."),
    status: z.enum(ARTICLE_STATUSES, "Choose a status."),
    publishedAt: z.string().trim(),
    commentStatus: z.enum(["open", "closed"]),
    correction: z.string().trim().max(2000, "The correction is too long."),
    featureImageAlt: z.string().trim().max(500, "The alt text is too long."),
    featureImageCaption: z.string().trim().max(500, "The caption is too long."),
    featureImageCredit: z.string().trim().max(200, "The credit is too long."),
    removeImage: z.boolean(),
    /** The version of the story the form was based on; required to save over a stored story. */
    baseVersion: z.preprocess(
      (v) => (v === "" || v === null || v === undefined ? null : v),
      z.coerce.number().int().nonnegative().nullable(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.status === "scheduled" && !v.publishedAt) {
      ctx.addIssue({ code: "custom", path: ["publishedAt"], message: "Choose the date and time to publish." });
    }
  });

export type ArticleForm = z.infer<typeof ArticleFormSchema>;

/** FormData → the shape the schema expects (repeated fields, checkboxes). */
export function articleFormInput(form: FormData) {
  // NUL and the other characters XML cannot carry are dropped as typed text is read: PostgreSQL refuses
  // a NUL in text (a 500 on save) and feeds, sitemaps and JSON-LD cannot carry them.
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === "string" ? xmlSafeText(v) : "";
  };
  return {
    id: text("id"),
    headline: text("headline"),
    slug: text("slug"),
    dek: text("dek"),
    dateline: text("dateline"),
    body: text("body"),
    sectionId: text("sectionId"),
    tags: text("tags"),
    authorIds: form.getAll("authorIds").map(String),
    status: text("status") || "draft",
    publishedAt: text("publishedAt"),
    commentStatus: form.get("commentsOpen") ? "open" : "closed",
    correction: text("correction"),
    featureImageAlt: text("featureImageAlt"),
    featureImageCaption: text("featureImageCaption"),
    featureImageCredit: text("featureImageCredit"),
    removeImage: form.get("removeImage") === "on",
    baseVersion: text("baseVersion"),
  };
}

/** "Energy, climate ,  Energy" → ["Energy", "climate"]: trimmed, de-duplicated case-insensitively. */
export function parseTagNames(input: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of input.split(",")) {
    const name = raw.trim().replace(/\s+/g, " ").slice(0, 60);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names.slice(0, 20);
}

export const ARTICLE_FILTERS = ["all", "published", "scheduled", "pending", "draft", "trash"] as const;
export type ArticleFilter = (typeof ARTICLE_FILTERS)[number];
