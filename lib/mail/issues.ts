import type { Article, ArticleSummary } from "@/lib/data/articles";
import { getArticleForPreview, listSummariesByIds } from "@/lib/data/articles";
import {
  createIssue,
  issueExists,
  listBriefingArticleIds,
  listDueIssues,
  skipIssue,
  startIssue,
  type DueIssue,
} from "@/lib/data/newsletter-sends";
import { getSettingsUncached } from "@/lib/data/settings";
import type { Settings } from "@/lib/validation/settings";
import { DAILY_LIST, sectionList } from "./newsletters";
import { renderBriefingEmail, renderStoryEmail, type Brand, type EmailStory, type RenderedEmail } from "./templates";

export const brandOf = (s: Settings): Brand => ({
  siteTitle: s.siteTitle,
  tagline: s.tagline,
  postalAddress: s.postalAddress,
});

function toEmailStory(a: Article | ArticleSummary): EmailStory {
  return {
    slug: a.slug,
    headline: a.headline,
    dek: a.dek,
    body: "body" in a ? a.body : undefined,
    byline: a.authors.map((x) => x.name).join(", "),
    section: a.section?.name ?? null,
    image: a.featureImage ? { path: a.featureImage.path, alt: a.featureImage.alt } : null,
  };
}

/** The newsletters a story goes to: the daily briefing's readers never get single stories. */
export function storyLists(article: { section: { slug: string } | null }, settings: Settings): string[] {
  const slug = article.section?.slug;
  return slug && settings.newsletterSections.includes(slug) ? [sectionList(slug)] : [];
}

/**
 * "Send as newsletter" when publishing: one issue per story, ever (its key), sent when the story is
 * live — at once, or when a scheduled story comes due. Returns false when it was already queued.
 */
export async function queueStoryNewsletter(
  articleId: number,
  lists: string[],
  sendAt: number,
  userId: number | null,
): Promise<boolean> {
  return createIssue({ key: `article:${articleId}`, kind: "article", articleId, lists, sendAt, createdById: userId });
}

export async function renderStoryIssue(articleId: number, settings: Settings): Promise<RenderedEmail | null> {
  const article = await getArticleForPreview(articleId);
  return article ? renderStoryEmail(toEmailStory(article), brandOf(settings)) : null;
}

const localParts = (at: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
};

const DAY_MS = 24 * 60 * 60 * 1000;
// A server that was down at briefing time still sends it later that morning, but not in the evening.
const BRIEFING_GRACE_MS = 6 * 60 * 60 * 1000;

/** The briefing's stories of the last day, lead first (the front page's order: newest first). */
export async function renderBriefingIssue(settings: Settings, now = Date.now()): Promise<RenderedEmail | null> {
  const ids = await listBriefingArticleIds(now - DAY_MS, now);
  const stories = await listSummariesByIds(ids);
  if (!stories.length) return null;
  const label = new Intl.DateTimeFormat("en-GB", { timeZone: settings.timezone, dateStyle: "full" }).format(now);
  return renderBriefingEmail(stories.map(toEmailStory), brandOf(settings), label);
}

/**
 * Once a day, at the briefing time in the publication's time zone: an issue keyed by the local date, so
 * every instance asking creates it once. A day with nothing new published is recorded as skipped.
 */
export async function scheduleDailyBriefing(settings: Settings, now = Date.now()): Promise<void> {
  const local = localParts(now, settings.timezone);
  if (local.time < settings.briefingTime) return;
  const [h, m] = settings.briefingTime.split(":").map(Number);
  const [nh, nm] = local.time.split(":").map(Number);
  if ((nh * 60 + nm - (h * 60 + m)) * 60_000 > BRIEFING_GRACE_MS) return;
  const key = `daily:${local.date}`;
  if (await issueExists(key)) return;
  const nothingNew = (await listBriefingArticleIds(now - DAY_MS, now, 1)).length === 0;
  await createIssue({ key, kind: "daily", lists: [DAILY_LIST], sendAt: now }, nothingNew ? "skipped" : "waiting");
}

async function contentOf(issue: DueIssue, settings: Settings, now: number): Promise<RenderedEmail | null> {
  if (issue.kind === "daily") return renderBriefingIssue(settings, now);
  return issue.articleId === null ? null : renderStoryIssue(issue.articleId, settings);
}

/** Due issues get their content fixed and one queued row per confirmed subscriber. */
export async function prepareDueIssues(now = Date.now()): Promise<number> {
  const settings = await getSettingsUncached();
  await scheduleDailyBriefing(settings, now);
  let started = 0;
  for (const issue of await listDueIssues(now)) {
    const content = await contentOf(issue, settings, now);
    if (!content) await skipIssue(issue.id);
    else if (await startIssue(issue.id, content, now)) started++;
  }
  return started;
}
