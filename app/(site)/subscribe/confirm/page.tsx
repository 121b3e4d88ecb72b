import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmForm } from "@/components/newsletter/token-forms";
import { verifyMailToken } from "@/lib/mail/tokens";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string }> };

export default async function ConfirmPage({ searchParams }: Props) {
  const { token } = await searchParams;
  const valid = verifyMailToken(token)?.p === "confirm";
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="font-serif text-4xl font-bold">Confirm your subscription</h1>
      {valid && token ? (
        <ConfirmForm token={token} />
      ) : (
        <p role="alert">
          This confirmation link is not valid or has expired (links work for 48 hours).{" "}
          <Link href="/subscribe" className="underline">
            Sign up again
          </Link>
          .
        </p>
      )}
    </div>
  );
}
