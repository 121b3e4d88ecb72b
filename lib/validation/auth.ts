import { z } from "zod";

export const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1000),
  callbackUrl: z.string().optional(),
});

/** Only same-site paths: a return URL must never send a freshly signed-in editor to another site. */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/admin";
  if (value.startsWith("/login")) return "/admin";
  return value;
}
