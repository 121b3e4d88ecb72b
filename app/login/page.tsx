import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/admin/login-form";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Sign in", robots: { index: false, follow: false } };

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackUrl(Array.isArray(raw) ? raw[0] : raw);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <p className="text-center font-serif text-2xl font-black">The Meridian Post</p>
      <h1 className="mt-2 mb-8 text-center text-lg font-semibold text-neutral-600 dark:text-neutral-400">
        Sign in to the newsroom
      </h1>
      <LoginForm callbackUrl={callbackUrl} />
    </main>
  );
}
