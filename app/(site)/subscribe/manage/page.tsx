import type { Metadata } from "next";
import Link from "next/link";
import { ManageForm } from "@/components/newsletter/token-forms";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { getSettingsUncached } from "@/lib/data/settings";
import { getManagedSubscription } from "@/lib/data/subscribers";
import { availableNewsletters } from "@/lib/mail/newsletters";
import { verifyMailToken } from "@/lib/mail/tokens";

export const metadata: Metadata = { title: "Your newsletters", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string }> };

export default async function ManagePage({ searchParams }: Props) {
  const { token } = await searchParams;
  const data = verifyMailToken(token);
  const found = data?.p === "manage" ? await getManagedSubscription({ id: data.s, createdAt: data.c }) : null;
  if (!found || !token) {
    return (
      <div className="mx-auto max-w-xl space-y-6">
        <h1 className="font-serif text-4xl font-bold">Your newsletters</h1>
        <p role="alert">
          This link is not valid, or the address was removed.{" "}
          <Link href="/subscribe" className="underline">
            Sign up again
          </Link>
          .
        </p>
      </div>
    );
  }
  const [settings, sections] = await Promise.all([getSettingsUncached(), sectionsForNewsletters()]);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="font-serif text-4xl font-bold">Your newsletters</h1>
      <p className="text-neutral-700 dark:text-neutral-300">
        For {found.maskedEmail}.{" "}
        {found.status === "unsubscribed" ? "You are unsubscribed: choose newsletters to subscribe again." : null}
      </p>
      <ManageForm
        token={token}
        newsletters={availableNewsletters(settings.newsletterSections, sections)}
        lists={found.lists}
      />
    </div>
  );
}
