"use server";

import { refresh, updateTag } from "next/cache";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { saveSettings } from "@/lib/data/settings";
import { scheduleBriefingJobs } from "@/lib/mail/issues";
import { SettingsSchema } from "@/lib/validation/settings";
import { fieldErrors, invalid, ok, type FieldErrors } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

const NUMBER_RANGES: Record<string, [number, number]> = {
  commentMaxLinks: [0, 100],
  commentCloseAfterDays: [0, 3650],
  commentThreadDepth: [1, 10],
};

/** The shared schema's number limits speak zod ("Too big: expected number to be <=10"); say it plainly. */
function plainNumberErrors(errors: FieldErrors): FieldErrors {
  const plain = { ...errors };
  for (const [key, [min, max]] of Object.entries(NUMBER_RANGES)) {
    if (plain[key]) plain[key] = [`Enter a whole number from ${min} to ${max}.`];
  }
  return plain;
}

export const saveSettingsAction = withRole(
  "administrator",
  SettingsSchema,
  async (settings) => {
    await saveSettings(settings);
    // A changed briefing time (or time zone) queues that day's briefing job; the old time's finds it stale.
    await scheduleBriefingJobs(settings);
    updateTag(CACHE_TAGS.site);
    await recordAudit({ action: "settings.update", target: { type: "settings" } });
    // The form shows what was stored (word lists trimmed, blank lines dropped).
    refresh();
    return ok("Settings saved.");
  },
  {
    read: (form) => ({
      ...Object.fromEntries(form),
      commentPreviouslyApproved: form.get("commentPreviouslyApproved") === "on",
      newsletterSections: form.getAll("newsletterSections"),
    }),
    invalid: (error, form) => invalid(form, plainNumberErrors(fieldErrors(error))),
  },
);
