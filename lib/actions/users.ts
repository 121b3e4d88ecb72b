"use server";

import { failure, type ActionState } from "@/lib/action-state";
import { done } from "@/lib/action-done";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { requireSessionRole } from "@/lib/auth/guards";
import { createUser, getUserById, isEmailTaken, setUserPassword, updateUserAccess } from "@/lib/data/users";
import { hashPassword } from "@/lib/password";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { ChangeRoleSchema, CreateUserSchema, ResetPasswordSchema, SetActiveSchema } from "@/lib/validation/user";

const LAST_ADMIN = "The last administrator cannot be removed or demoted.";

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("administrator");
  if (!auth.ok) return auth.refusal;
  const parsed = CreateUserSchema.safeParse(Object.fromEntries(form));
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    role: String(form.get("role") ?? ""),
  };
  if (!parsed.success)
    return failure("Please correct the highlighted fields.", parsed.error.flatten().fieldErrors, values);
  if (await isEmailTaken(parsed.data.email))
    return failure(
      "Please correct the highlighted fields.",
      { email: ["A user with this email already exists."] },
      values,
    );
  const user = await createUser({ ...parsed.data, passwordHash: await hashPassword(parsed.data.password) });
  return done(`${user.name} can now sign in as ${ROLE_LABELS[user.role].toLowerCase()}.`);
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("administrator");
  if (!auth.ok) return auth.refusal;
  const parsed = ChangeRoleSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return failure("Choose a role.");
  const outcome = await updateUserAccess(parsed.data.id, { role: parsed.data.role });
  if (outcome === "not-found") return failure("That user no longer exists.");
  if (outcome === "last-admin") return failure(LAST_ADMIN);
  return done(`Role changed to ${ROLE_LABELS[parsed.data.role].toLowerCase()}.`);
}

export async function setUserActiveAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("administrator");
  if (!auth.ok) return auth.refusal;
  const parsed = SetActiveSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return failure("Unknown user.");
  const active = parsed.data.active === "true";
  const outcome = await updateUserAccess(parsed.data.id, { active });
  if (outcome === "not-found") return failure("That user no longer exists.");
  if (outcome === "last-admin") return failure(LAST_ADMIN);
  return done(active ? "User reactivated." : "User deactivated; they are signed out at once.");
}

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("administrator");
  if (!auth.ok) return auth.refusal;
  const parsed = ResetPasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return failure("Please correct the password.", parsed.error.flatten().fieldErrors);
  const user = await getUserById(parsed.data.id);
  if (!user) return failure("That user no longer exists.");
  await setUserPassword(user.id, await hashPassword(parsed.data.password));
  // Their sessions end with the old password; an administrator resetting their own stays signed in here.
  if (user.id === auth.user.id) await writeSessionCookie(auth.user, user.sessionVersion + 1);
  return done(`Password reset for ${user.name}; they are signed out everywhere.`);
}
