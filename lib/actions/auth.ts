"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { encode } from "next-auth/jwt";
import { failure, type ActionState } from "@/lib/action-state";
import { clientIpFrom } from "@/lib/client-ip";
import { authenticate } from "@/lib/auth/credentials";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, useSecureCookies } from "@/lib/auth/options";
import { authSecret } from "@/lib/site";
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

  const secret = authSecret();
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const { user } = result;
  const token = await encode({
    token: { sub: String(user.id), name: user.name, email: user.email },
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: useSecureCookies,
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  redirect(safeCallbackUrl(parsed.data.callbackUrl));
}

export async function signOutAction(): Promise<void> {
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/" });
  redirect("/login");
}
