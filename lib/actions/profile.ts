"use server";

import { updateTag } from "next/cache";
import { failure, type ActionState } from "@/lib/action-state";
import { done } from "@/lib/action-done";
import { requireSessionRole } from "@/lib/auth/guards";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { getAuthorForUser, getPasswordHash, getUserById, saveAuthorProfile, setUserPassword } from "@/lib/data/users";
import { hashPassword, verifyPassword } from "@/lib/password";
import { ChangePasswordSchema, ProfileSchema } from "@/lib/validation/user";

// Self-service: every signed-in user, whatever their role, changes only their own account here.

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const parsed = ChangePasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return failure("Please correct the highlighted fields.", parsed.error.flatten().fieldErrors);
  const stored = await getPasswordHash(auth.user.id);
  if (!stored || !(await verifyPassword(parsed.data.currentPassword, stored))) {
    return failure("Please correct the highlighted fields.", {
      currentPassword: ["Your current password is not correct."],
    });
  }
  await setUserPassword(auth.user.id, await hashPassword(parsed.data.newPassword));
  // Every other session ends with the old password; this one carries on.
  await writeSessionCookie(auth.user, (await getUserById(auth.user.id))!.sessionVersion);
  return done("Password changed; you are signed out everywhere else.");
}

export async function updateProfileAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const parsed = ProfileSchema.safeParse(Object.fromEntries(form));
  const values = { name: String(form.get("name") ?? ""), bio: String(form.get("bio") ?? "") };
  if (!parsed.success)
    return failure("Please correct the highlighted fields.", parsed.error.flatten().fieldErrors, values);
  const before = await getAuthorForUser(auth.user.id);
  const author = await saveAuthorProfile(auth.user.id, parsed.data);
  // The bio shows only on the author's page; a renamed byline shows on every page listing their
  // stories, so only a rename (rare) touches the whole site.
  if (before && before.name !== author.name) updateTag(CACHE_TAGS.site);
  updateTag(CACHE_TAGS.author(author.id));
  return done("Profile saved.");
}
