import "server-only";
import { clearLoginFailures, loginThrottle, recordLoginFailure, type LoginThrottle } from "@/lib/data/login-attempts";
import { getUserWithHashByEmail, normalizeEmail } from "@/lib/data/users";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/observability/audit";
import { countSignInFailure } from "@/lib/observability/metrics";
import { ipGroup } from "./ip-group";
import type { SessionUser } from "./roles";

export const INVALID_CREDENTIALS = "Invalid email or password.";
export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Please wait 15 minutes and try again.";

export function waitMessage(seconds: number): string {
  const unit = seconds === 1 ? "second" : "seconds";
  return `Too many failed sign-in attempts for this account. Please wait ${seconds} ${unit} and try again.`;
}

export type AuthResult =
  | { ok: true; user: SessionUser; sessionVersion: number }
  | { ok: false; reason: "invalid" | "throttled"; message: string };

// Compared against when the email is unknown, so a missing account costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

function throttledMessage(throttle: NonNullable<LoginThrottle>, now: number): string {
  return throttle.kind === "locked" ? TOO_MANY_ATTEMPTS : waitMessage(Math.ceil((throttle.until - now) / 1000));
}

function auditSignIn(
  action: string,
  email: string,
  ip: string,
  user: { id: number; name: string } | null,
  summary: string,
): Promise<void> {
  return recordAudit({
    action,
    actor: { id: user?.id ?? null, name: user?.name ?? "", email },
    target: { type: "user", id: user?.id ?? "" },
    summary,
    ip,
  });
}

/** The one credential check, used by the sign-in form and by NextAuth's credentials provider. */
export async function authenticate(
  emailInput: string,
  password: string,
  ip: string,
  now: number = Date.now(),
): Promise<AuthResult> {
  const email = normalizeEmail(emailInput).slice(0, 320);
  const client = ipGroup(ip);
  // A limit applies whatever the password, so a refused attacker learns nothing by guessing on.
  const throttle = await loginThrottle(email, client, now);
  if (throttle) {
    countSignInFailure("throttled", throttle.kind === "locked");
    await auditSignIn("sign-in.failure", email, ip, null, "refused by the sign-in limits");
    return { ok: false, reason: "throttled", message: throttledMessage(throttle, now) };
  }

  const user = await getUserWithHashByEmail(email);
  dummyHash ??= hashPassword("not the password");
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || !user.active) {
    await recordLoginFailure(email, client, now);
    countSignInFailure("invalid", false);
    await auditSignIn(
      "sign-in.failure",
      email,
      ip,
      user ?? null,
      user ? "wrong password or inactive" : "unknown email",
    );
    return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS };
  }
  await clearLoginFailures(email, client);
  await auditSignIn("sign-in.success", email, ip, user, "");
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionVersion: user.sessionVersion,
  };
}
