"use server";

import { refresh } from "next/cache";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import {
  createUserUnlessEmailTaken,
  getUserById,
  isEmailTaken,
  setUserPassword,
  updateUserAccess,
} from "@/lib/data/users";
import { hashPassword } from "@/lib/auth/password";
import { ChangeRoleSchema, CreateUserSchema, ResetPasswordSchema, SetActiveSchema } from "@/lib/validation/user";
import { failure, fieldErrors, invalid, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// The users table shows names, roles and who is active, so the actions that change those refresh it;
// a reset password changes nothing on screen.

const LAST_ADMIN = "The last administrator cannot be removed or demoted.";

function accessChangeRefusal(outcome: Awaited<ReturnType<typeof updateUserAccess>>): ActionState | null {
  if (outcome === "not-found") return failure("That user no longer exists.");
  if (outcome === "last-admin") return failure(LAST_ADMIN);
  return null;
}

const EMAIL_TAKEN = { email: ["A user with this email already exists."] };

export const createUserAction = withRole("administrator", CreateUserSchema, async (input, _admin, form) => {
  if (await isEmailTaken(input.email)) return invalid(form, EMAIL_TAKEN);
  const user = await createUserUnlessEmailTaken({ ...input, passwordHash: await hashPassword(input.password) });
  if (!user) return invalid(form, EMAIL_TAKEN);
  await recordAudit({
    action: "user.create",
    target: { type: "user", id: user.id },
    summary: `${user.name} (${user.role})`,
  });
  refresh();
  return ok(`${user.name} can now sign in as ${ROLE_LABELS[user.role].toLowerCase()}.`);
});

export const changeRoleAction = withRole(
  "administrator",
  ChangeRoleSchema,
  async ({ id, role }) => {
    const refusal = accessChangeRefusal(await updateUserAccess(id, { role }));
    if (refusal) return refusal;
    await recordAudit({ action: "user.role", target: { type: "user", id }, summary: `Role changed to ${role}` });
    refresh();
    return ok(`Role changed to ${ROLE_LABELS[role].toLowerCase()}.`);
  },
  { invalid: "Choose a role." },
);

export const setUserActiveAction = withRole(
  "administrator",
  SetActiveSchema,
  async ({ id, active }) => {
    const refusal = accessChangeRefusal(await updateUserAccess(id, { active: active === "true" }));
    if (refusal) return refusal;
    await recordAudit({
      action: active === "true" ? "user.reactivate" : "user.deactivate",
      target: { type: "user", id },
    });
    refresh();
    return ok(active === "true" ? "User reactivated." : "User deactivated; they are signed out at once.");
  },
  { invalid: "Unknown user." },
);

export const resetPasswordAction = withRole(
  "administrator",
  ResetPasswordSchema,
  async ({ id, password }, admin) => {
    const user = await getUserById(id);
    if (!user) return failure("That user no longer exists.");
    await setUserPassword(user.id, await hashPassword(password));
    await recordAudit({ action: "user.password-reset", target: { type: "user", id: user.id }, summary: user.name });
    // Their sessions end with the old password; an administrator resetting their own stays signed in here.
    if (user.id === admin.id) await writeSessionCookie(admin, user.sessionVersion + 1);
    return ok(`Password reset for ${user.name}; they are signed out everywhere.`);
  },
  { invalid: (error) => failure("Please correct the password.", fieldErrors(error)) },
);
