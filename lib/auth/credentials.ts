import "server-only";
import { clearLoginFailures, loginLockedUntil, recordLoginFailure } from "@/lib/data/login-attempts";
import { getUserWithHashByEmail, normalizeEmail } from "@/lib/data/users";
import { hashPassword, verifyPassword } from "@/lib/password";
import type { SessionUser } from "./roles";

export const INVALID_CREDENTIALS = "Invalid email or password.";
export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Please wait 15 minutes and try again.";

export type AuthResult =
  | { ok: true; user: SessionUser; sessionVersion: number }
  | { ok: false; reason: "invalid" | "throttled"; message: string };

// Compared against when the email is unknown, so a missing account costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

/** The one credential check, used by the sign-in form and by NextAuth's credentials provider. */
export async function authenticate(emailInput: string, password: string, ip: string): Promise<AuthResult> {
  const email = normalizeEmail(emailInput).slice(0, 320);
  // The lock applies whatever the password, so a locked-out attacker learns nothing by guessing on.
  if ((await loginLockedUntil(email, ip)) !== null)
    return { ok: false, reason: "throttled", message: TOO_MANY_ATTEMPTS };

  const user = await getUserWithHashByEmail(email);
  dummyHash ??= hashPassword("not the password");
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || !user.active) {
    await recordLoginFailure(email, ip);
    return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS };
  }
  await clearLoginFailures(email, ip);
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionVersion: user.sessionVersion,
  };
}
