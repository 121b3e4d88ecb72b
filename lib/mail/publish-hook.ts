import { getArticleForPreview } from "@/lib/data/articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { queueStoryNewsletter, storyLists } from "./issues";
import { DAILY_LIST } from "./newsletters";

import { SEND_AS_NEWSLETTER_FIELD } from "./newsletter-field";

/**
 * The editor's "Send as newsletter" tick, applied after a save that published or scheduled the story:
 * one issue per story (a second tick does nothing), sent when the story is live. It goes to the story's
 * section newsletter when that section has one, otherwise to every Daily briefing subscriber.
 */
export async function sendAsNewsletterIfTicked(
  form: FormData,
  articleId: number,
  write: { status: string; publishedAt: number | null },
  userId: number,
): Promise<void> {
  if (form.get(SEND_AS_NEWSLETTER_FIELD) !== "on" || write.status === "draft") return;
  const [article, settings] = await Promise.all([getArticleForPreview(articleId), getSettingsUncached()]);
  if (!article) return;
  const lists = storyLists(article, settings);
  await queueStoryNewsletter(articleId, lists.length ? lists : [DAILY_LIST], write.publishedAt ?? Date.now(), userId);
}
