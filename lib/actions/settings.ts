"use server";

import { updateTag } from "next/cache";
import { failure, type ActionState } from "@/lib/action-state";
import { done } from "@/lib/action-done";
import { requireSessionRole } from "@/lib/auth/guards";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { saveSettings } from "@/lib/data/settings";
import { SettingsSchema } from "@/lib/validation/settings";

const NUMBER_RANGES: Record<string, [number, number]> = {
  commentMaxLinks: [0, 100],
  commentCloseAfterDays: [0, 3650],
  commentThreadDepth: [1, 10],
};

export async function saveSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("administrator");
  if (!auth.ok) return auth.refusal;
  const raw = {
    ...Object.fromEntries(form),
    commentPreviouslyApproved: form.get("commentPreviouslyApproved") === "on",
  };
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors as Record<string, string[] | undefined>;
    // The shared schema's number limits speak zod ("Too big: expected number to be <=10"); say it plainly.
    for (const [key, [min, max]] of Object.entries(NUMBER_RANGES)) {
      if (fieldErrors[key]) fieldErrors[key] = [`Enter a whole number from ${min} to ${max}.`];
    }
    return failure("Please correct the highlighted fields.", fieldErrors, values);
  }
  await saveSettings(parsed.data);
  updateTag(CACHE_TAGS.site);
  return done("Settings saved.");
}
