import { z } from "zod";

export const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1000),
  callbackUrl: z.string().optional(),
});

/** Only same-site paths: a return URL must never send a freshly signed-in editor to another site. */
// Parsed the way a browser will parse it (which drops tabs and newlines, so "/\t/evil.example"
// means "//evil.example"); only a path on this origin survives.
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/")) return "/admin";
  const origin = "http://newsroom.invalid";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/admin";
  }
  if (url.origin !== origin || url.pathname.startsWith("/login")) return "/admin";
  return url.pathname + url.search + url.hash;
}
