"use server";

import { refresh, updateTag } from "next/cache";
import { failure, success, type ActionState } from "@/lib/action-state";
import { authorize } from "@/lib/auth/guards";
import { CACHE_TAGS } from "@/lib/cache-tags";
import { saveSettings } from "@/lib/data/settings";
import { SettingsSchema } from "@/lib/validation/settings";

/** Success: the result for the toast, and fresh server data for the admin screen that asked. */
function done(message: string): ActionState {
  refresh();
  return success(message);
}

export async function saveSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await authorize("administrator");
  if (!auth.ok) return auth.refusal;
  const raw = { ...Object.fromEntries(form), commentPreviouslyApproved: form.get("commentPreviouslyApproved") === "on" };
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) return failure("Please correct the highlighted fields.", parsed.error.flatten().fieldErrors, values);
  saveSettings(parsed.data);
  updateTag(CACHE_TAGS.site);
  return done("Settings saved.");
}
