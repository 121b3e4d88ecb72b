import { listSections } from "@/lib/data/taxonomy";
import { getSettings } from "@/lib/data/settings";
import { availableNewsletters } from "@/lib/mail/newsletters";
import { SignupForm } from "./signup-form";

/** The signup box for reader pages: the newsletters on offer come from cached reads (site tag). */
export async function NewsletterSignup({ heading = "Get our newsletters" }: { heading?: string }) {
  const [settings, sections] = await Promise.all([getSettings(), listSections()]);
  return (
    <section
      aria-label="Newsletter signup"
      className="relative rounded border-t-4 border-neutral-900 bg-neutral-50 p-5 dark:border-neutral-200 dark:bg-neutral-900"
    >
      <SignupForm heading={heading} newsletters={availableNewsletters(settings.newsletterSections, sections)} />
    </section>
  );
}
