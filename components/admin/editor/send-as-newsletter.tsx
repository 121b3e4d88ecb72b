import { SEND_AS_NEWSLETTER_FIELD } from "@/lib/mail/newsletter-field";

/** Publishing's newsletter tick: posted with the article form, acted on only when the story goes live. */
export function SendAsNewsletterField() {
  return (
    <label className="flex items-start gap-2 pt-2 text-sm">
      <input type="checkbox" name={SEND_AS_NEWSLETTER_FIELD} className="mt-0.5" />
      <span>
        Send as newsletter
        <span className="block text-xs text-neutral-600 dark:text-neutral-400">
          Emailed once to the section&rsquo;s newsletter subscribers (or the Daily briefing list), when the story goes
          live.
        </span>
      </span>
    </label>
  );
}
