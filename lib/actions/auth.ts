"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { authenticate } from "@/lib/auth/credentials";
import { SESSION_COOKIE } from "@/lib/auth/options";
import { endCurrentSession } from "@/lib/auth/session";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { clientIpFrom } from "@/lib/edge/client-ip";
import { safeCallbackUrl, SignInSchema } from "@/lib/validation/auth";
import { failure, fieldErrors, keptValues } from "./state";
import { publicAction } from "./wrappers";

/**
 * The sign-in form's action. It checks credentials exactly as NextAuth's credentials provider does
 * (same `authenticate`), then issues the same JWT session cookie NextAuth would, so it works without
 * JavaScript and from whatever host the site is reached by.
 */
export const signInAction = publicAction(
  SignInSchema,
  async ({ email, password, callbackUrl }, form) => {
    const result = await authenticate(email, password, clientIpFrom(await headers()));
    if (!result.ok) return failure(result.message, {}, keptValues(form));
    await writeSessionCookie(result.user, result.sessionVersion);
    redirect(safeCallbackUrl(callbackUrl));
  },
  { invalid: (error, form) => failure("Please fill in both fields.", fieldErrors(error), keptValues(form)) },
);

/** Public too: it only ends the caller's own session, on the server and in their browser. */
export const signOutAction = publicAction(async () => {
  await endCurrentSession();
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/" });
  redirect("/login");
});
