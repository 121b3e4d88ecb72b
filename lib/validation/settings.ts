import { z } from "zod";

const wordList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/)).map((w) => w.trim()).filter(Boolean));

// Asked each time the settings are read (every comment post reads them): building a formatter to find
// out costs a tenth of a millisecond, so each zone's answer is kept.
const knownZones = new Map<string, boolean>();

export function isValidTimeZone(tz: string): boolean {
  let valid = knownZones.get(tz);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      valid = true;
    } catch {
      valid = false;
    }
    if (knownZones.size < 1_000) knownZones.set(tz, valid);
  }
  return valid;
}

export const SettingsSchema = z.object({
  siteTitle: z.string().trim().min(1, "Site title is required.").max(120),
  tagline: z.string().trim().max(200),
  timezone: z.string().trim().refine(isValidTimeZone, "Unknown time zone."),
  // WordPress "Comment Moderation": hold a comment containing any of these words.
  commentModerationWords: wordList,
  // WordPress "Disallowed Comment Keys": send a comment containing any of these words to spam.
  commentDisallowedWords: wordList,
  commentMaxLinks: z.coerce.number().int().min(0).max(100),
  // 0 keeps comments open forever.
  commentCloseAfterDays: z.coerce.number().int().min(0).max(3650),
  commentThreadDepth: z.coerce.number().int().min(1).max(10),
  // "Comment author must have a previously approved comment" to skip moderation.
  commentPreviouslyApproved: z.coerce.boolean(),
  // Newsletters: the sections with a newsletter of their own, the sender, the postal address every
  // email's footer carries, and when the daily briefing goes out (in the time zone above).
  newsletterSections: z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))
    .default([]),
  mailFromName: z.string().trim().max(120).default(""),
  mailFromAddress: z
    .string()
    .trim()
    .max(254)
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address, like news@example.com.")
    .default(""),
  postalAddress: z.string().trim().max(300).default(""),
  briefingTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM, like 07:00.")
    .default("07:00"),
});

export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return {
    siteTitle: "The Meridian Post",
    tagline: "Independent news from Istanbul and the world",
    timezone:
      process.env.SITE_TIMEZONE && isValidTimeZone(process.env.SITE_TIMEZONE)
        ? process.env.SITE_TIMEZONE
        : "Europe/Istanbul",
    commentModerationWords: [],
    commentDisallowedWords: [],
    commentMaxLinks: 2,
    commentCloseAfterDays: 0,
    commentThreadDepth: 5,
    commentPreviouslyApproved: true,
    newsletterSections: [],
    mailFromName: "",
    mailFromAddress: "",
    postalAddress: "",
    briefingTime: "07:00",
  };
}
