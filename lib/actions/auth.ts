"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { failure, type ActionState } from "@/lib/action-state";
import { clientIpFrom } from "@/lib/client-ip";
import { authenticate } from "@/lib/auth/credentials";
import { SESSION_COOKIE } from "@/lib/auth/options";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { safeCallbackUrl, SignInSchema } from "@/lib/validation/auth";

/**
 * The sign-in form's action. It checks credentials exactly as NextAuth's credentials provider does
 * (same `authenticate`), then issues the same JWT session cookie NextAuth would, so it works without
 * JavaScript and from whatever host the site is reached by.
 */
export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = SignInSchema.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return failure("Please fill in both fields.", parsed.error.flatten().fieldErrors, { email });

  const result = await authenticate(parsed.data.email, parsed.data.password, clientIpFrom(await headers()));
  if (!result.ok) return failure(result.message, undefined, { email });

  await writeSessionCookie(result.user, result.sessionVersion);
  redirect(safeCallbackUrl(parsed.data.callbackUrl));
}

export async function signOutAction(): Promise<void> {
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/" });
  redirect("/login");
}
