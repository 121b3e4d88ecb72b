import type { Article, ArticleSummary } from "@/lib/data/articles";
import { getArticleForPreview, listSummariesByIds } from "@/lib/data/articles";
import { enqueueJobs } from "@/lib/data/jobs";
import {
  createIssue,
  getWaitingIssue,
  issueExists,
  listBriefingArticleIds,
  skipIssue,
  startIssue,
  type DueIssue,
} from "@/lib/data/newsletter-sends";
import { DeferJobError } from "@/lib/jobs/registry";
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

// A story not live yet (rescheduled, or back to draft) is looked at again when it comes due, or this often.
const NOT_LIVE_RECHECK_MS = 10 * 60_000;

/**
 * An issue's fan-out job: once it is due its content is fixed and one row and send job is made per
 * confirmed subscriber (lib/data/newsletter-sends.ts startIssue). An issue not waiting any more (sent,
 * skipped) is left alone, so the job run twice does nothing the second time.
 */
export async function fanOutIssue(issueId: number, now = Date.now()): Promise<"started" | "skipped" | "none"> {
  const issue = await getWaitingIssue(issueId, now);
  if (!issue) return "none";
  if (!issue.due) {
    const recheck = now + NOT_LIVE_RECHECK_MS;
    const at = issue.liveAt !== null && issue.liveAt > now ? Math.min(issue.liveAt, recheck) : recheck;
    throw new DeferJobError(at, "the story is not live yet");
  }
  const content = await contentOf(issue, await getSettingsUncached(), now);
  if (!content) {
    await skipIssue(issue.id);
    return "skipped";
  }
  return (await startIssue(issue.id, content, now)) ? "started" : "none";
}

/** The daily briefing's job of one local date, at the briefing time of Settings. */
export const BRIEFING_JOB = "newsletter.briefing";

/** The UTC instant of a wall-clock date ("2026-12-06") and time ("07:00") in a time zone. */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let at = wall;
  // Two corrections by the zone's offset at the guess: enough across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const seen = localParts(at, timeZone);
    const [sy, smo, sd] = seen.date.split("-").map(Number);
    const [sh, smi] = seen.time.split(":").map(Number);
    at += wall - Date.UTC(sy, smo - 1, sd, sh, smi);
  }
  return at;
}

const nextDate = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

const briefingJob = (date: string, time: string, timeZone: string) => ({
  kind: BRIEFING_JOB,
  // One per local date and time: a second instance, or a second start, queues nothing more; a changed
  // briefing time queues a job of its own, and the one for the old time finds it stale.
  key: `${BRIEFING_JOB}:${date}T${time}`,
  payload: { date, time },
  runAt: zonedInstant(date, time, timeZone),
});

/** Queues today's and tomorrow's briefing jobs (on start, and when Settings change). */
export async function scheduleBriefingJobs(settings: Settings, now = Date.now()): Promise<void> {
  const today = localParts(now, settings.timezone).date;
  await enqueueJobs([
    briefingJob(today, settings.briefingTime, settings.timezone),
    briefingJob(nextDate(today), settings.briefingTime, settings.timezone),
  ]);
}

/** The briefing job: the day's issue when it is still the briefing time of Settings, then the next day's job. */
export async function runBriefingJob(payload: { date: string; time: string }, now = Date.now()): Promise<void> {
  const settings = await getSettingsUncached();
  if (settings.briefingTime !== payload.time) return;
  await scheduleDailyBriefing(settings, now);
  await scheduleBriefingJobs(settings, now);
}
