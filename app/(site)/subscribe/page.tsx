import type { Metadata } from "next";
import { NewsletterSignup } from "@/components/newsletter/newsletter-signup";

export const revalidate = 60;

export const metadata: Metadata = {
  title: "Newsletters",
  description: "The daily briefing and our section newsletters, by email.",
};

export default function SubscribePage() {
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="font-serif text-4xl font-bold">Newsletters</h1>
      <p className="text-lg text-neutral-700 dark:text-neutral-300">
        The Daily briefing brings the lead and the top stories of the day every morning. Section newsletters send each
        new story from the sections you follow. Free, and one click to stop.
      </p>
      <NewsletterSignup heading="Choose your newsletters" />
    </div>
  );
}
