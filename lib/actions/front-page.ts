"use server";

import { refresh, updateTag } from "next/cache";
import { z } from "zod";
import { CACHE_TAGS } from "@/lib/cache/tags";
import {
  clearBreakingBanner,
  isPinnable,
  moveTopStory,
  pinArticle,
  removePick,
  setBreakingBanner,
  TOP_STORIES_MAX,
} from "@/lib/data/front-page";
import { getSettingsUncached } from "@/lib/data/settings";
import { fromZonedInputValue } from "@/lib/format/dates";
import { xmlSafeText } from "@/lib/feeds/xml";
import { optionalLinkUrl } from "@/lib/validation/link";
import { failure, keptValues, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// The curated front page (/admin/front-page): editors choose the lead and Top stories and raise the
// Breaking banner. Each change drops the pages that show it, on every instance, through the cache tags.

const articleId = z.coerce.number().int().positive();
const UNKNOWN_ARTICLE = { invalid: "Choose a published story." };
const FUTURE = "Choose a time in the future, or leave it empty.";

/** An optional expiry typed in the publication's time zone: null when empty, "bad" when not ahead of now. */
async function expiryFrom(entered: string, now: number): Promise<number | null | "bad"> {
  if (!entered) return null;
  const { timezone } = await getSettingsUncached();
  const at = fromZonedInputValue(entered, timezone);
  return at !== null && at > now ? at : "bad";
}

/** Every front-page change: the home page and its picks expire, the audit trail says who and what. */
async function frontPageChanged(message: string, action: string, articleId: number): Promise<ActionState> {
  updateTag(CACHE_TAGS.frontPage);
  await recordAudit({ action: `front-page.${action}`, target: { type: "article", id: articleId }, summary: message });
  refresh();
  return ok(message);
}

export const pinArticleAction = withRole(
  "editor",
  z.object({ articleId, slot: z.enum(["lead", "top"]), expiresAt: z.string().trim().default("") }),
  async (input) => {
    const now = Date.now();
    // A crafted request naming a draft, a story in review or one in the trash pins nothing.
    if (!(await isPinnable(input.articleId, now))) return failure("Only a published story can go on the front page.");
    const expiresAt = await expiryFrom(input.expiresAt, now);
    if (expiresAt === "bad") return failure(FUTURE, { expiresAt: [FUTURE] });
    const result = await pinArticle(input.articleId, input.slot, expiresAt, now);
    if (result === "full") return failure(`There are already ${TOP_STORIES_MAX} Top stories; remove one first.`);
    return frontPageChanged(
      input.slot === "lead" ? "Lead story set." : "Added to Top stories.",
      "pin",
      input.articleId,
    );
  },
  UNKNOWN_ARTICLE,
);

export const moveTopStoryAction = withRole(
  "editor",
  z.object({ articleId, direction: z.enum(["up", "down"]) }),
  async (input) =>
    (await moveTopStory(input.articleId, input.direction))
      ? frontPageChanged(input.direction === "up" ? "Moved up." : "Moved down.", "move", input.articleId)
      : failure("That story cannot move further."),
  UNKNOWN_ARTICLE,
);

export const removePickAction = withRole(
  "editor",
  z.object({ articleId }),
  async (input) =>
    (await removePick(input.articleId))
      ? frontPageChanged("Removed from the front page.", "remove", input.articleId)
      : failure("That story is not on the front page."),
  UNKNOWN_ARTICLE,
);

export const setBreakingBannerAction = withRole(
  "editor",
  z.object({
    text: z
      .string()
      .transform((v) => xmlSafeText(v).trim())
      .pipe(z.string().min(1, "Write the banner's text.").max(200, "Keep it under 200 characters.")),
    url: optionalLinkUrl,
    expiresAt: z.string().trim().default(""),
  }),
  async (input, user, form) => {
    const now = Date.now();
    const expiresAt = await expiryFrom(input.expiresAt, now);
    if (expiresAt === "bad") return failure(FUTURE, { expiresAt: [FUTURE] }, keptValues(form));
    await setBreakingBanner({ text: input.text, url: input.url, expiresAt }, user.id, now);
    updateTag(CACHE_TAGS.breaking);
    await recordAudit({ action: "breaking.raise", summary: input.text });
    refresh();
    return ok("Breaking banner is up.");
  },
);

export const clearBreakingBannerAction = withRole("editor", z.object({}), async () => {
  if (!(await clearBreakingBanner())) return failure("There is no banner to clear.");
  updateTag(CACHE_TAGS.breaking);
  await recordAudit({ action: "breaking.clear" });
  refresh();
  return ok("Breaking banner cleared.");
});
