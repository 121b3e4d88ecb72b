"use server";

import { refresh, updateTag } from "next/cache";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { getAuthorForUser, getPasswordHash, getUserById, saveAuthorProfile, setUserPassword } from "@/lib/data/users";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { ChangePasswordSchema, ProfileSchema } from "@/lib/validation/user";
import { invalid, ok } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// Self-service: every signed-in user, whatever their role, changes only their own account here.

export const changePasswordAction = withRole("contributor", ChangePasswordSchema, async (input, user, form) => {
  const stored = await getPasswordHash(user.id);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    return invalid(form, { currentPassword: ["Your current password is not correct."] });
  }
  await setUserPassword(user.id, await hashPassword(input.newPassword));
  await recordAudit({ action: "profile.password", target: { type: "user", id: user.id } });
  // Every other session ends with the old password; this one carries on.
  await writeSessionCookie(user, (await getUserById(user.id))!.sessionVersion);
  return ok("Password changed; you are signed out everywhere else.");
});

export const updateProfileAction = withRole("contributor", ProfileSchema, async (profile, user) => {
  const before = await getAuthorForUser(user.id);
  const author = await saveAuthorProfile(user.id, profile);
  await recordAudit({ action: "profile.update", target: { type: "user", id: user.id }, summary: author.name });
  // The bio shows only on the author's page; a renamed byline shows on every page listing their
  // stories, so only a rename (rare) touches the whole site.
  if (before && before.name !== author.name) updateTag(CACHE_TAGS.site);
  updateTag(CACHE_TAGS.author(author.id));
  // The form shows the saved name and bio.
  refresh();
  return ok("Profile saved.");
});
