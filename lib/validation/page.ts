import { z } from "zod";
import { MENU_NAMES, PAGE_STATUSES } from "@/lib/domain";
import { xmlSafeText } from "@/lib/feeds/xml";
import { SLUG_MAX } from "@/lib/format/text";
import { SLUG_PATTERN } from "./article";
import { LINK_URL_HINT, isSafeLinkUrl } from "./link";

const optionalId = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : v),
  z.coerce.number().int().positive().nullable(),
);

export const PageFormSchema = z.object({
  id: optionalId,
  title: z
    .string()
    .transform((v) => xmlSafeText(v).trim())
    .pipe(z.string().min(1, "Write a title.").max(200, "The title is too long (200 characters at most).")),
  slug: z
    .string()
    .trim()
    .max(SLUG_MAX, `The address is too long (${SLUG_MAX} characters at most).`)
    .refine((s) => s === "" || SLUG_PATTERN.test(s), "Use lower-case letters, digits and hyphens only."),
  body: z.string().max(200_000, "The body is too long."),
  status: z.enum(PAGE_STATUSES, "Choose a status."),
  /** The version the form was based on; required to save over a stored page. */
  baseVersion: optionalId,
});
export type PageForm = z.output<typeof PageFormSchema>;

const menu = z.enum(MENU_NAMES, "Choose a menu.");
const id = z.coerce.number().int().positive();

/** One entry added to a menu: a section, a page, or a custom link with its label. */
export const MenuItemSchema = z.discriminatedUnion("kind", [
  z.object({ menu, kind: z.literal("section"), sectionId: id }),
  z.object({ menu, kind: z.literal("page"), pageId: id }),
  z.object({
    menu,
    kind: z.literal("link"),
    label: z
      .string()
      .transform((v) => xmlSafeText(v).trim())
      .pipe(z.string().min(1, "Write the link's text.").max(60, "Keep the text under 60 characters.")),
    url: z
      .string()
      .trim()
      .min(1, "Write the address.")
      .max(500, "The link is too long.")
      .refine(isSafeLinkUrl, LINK_URL_HINT),
  }),
]);
export type MenuItemInput = z.output<typeof MenuItemSchema>;
