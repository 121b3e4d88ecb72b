import { z } from "zod";
import { xmlSafeText } from "@/lib/feeds/xml";

const id = z.coerce.number("Choose an image.").int("Choose an image.").positive("Choose an image.");
// NUL and the other characters XML cannot carry are dropped: the texts reach feeds and JSON-LD in stories.
const text = (max: number, message: string) =>
  z.string().transform(xmlSafeText).pipe(z.string().trim().max(max, message));

export const MediaDetailsSchema = z.object({
  id,
  alt: text(500, "The alt text is too long (500 characters at most)."),
  caption: text(500, "The caption is too long (500 characters at most)."),
  credit: text(200, "The credit is too long (200 characters at most)."),
});

export const MediaIdSchema = z.object({ id });

export const MediaBrowseSchema = z.object({
  search: z.string().trim().max(200).default(""),
  before: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive().nullable()),
});
