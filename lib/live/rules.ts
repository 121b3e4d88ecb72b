import { z } from "zod";

// A story's live coverage: the facts the pages, the actions and the stream agree on.

export type LiveCoverage = { startedAt: number; endedAt: number | null; lastUpdateAt: number | null };

export type LiveUpdateFields = {
  body: string;
  headline: string;
  image: { path: string; alt: string } | null;
  byline: string;
  keyEvent: boolean;
};

export type LiveUpdate = LiveUpdateFields & {
  id: number;
  articleId: number;
  pinned: boolean;
  createdAt: number;
  /** The last post, edit, pin or delete: a stream's event id. */
  changedAt: number;
  deleted: boolean;
};

export const isLive = (coverage: LiveCoverage | null | undefined): boolean => !!coverage && coverage.endedAt === null;

/** The newest moment a reader's copy reflects: a stream opened from that page resumes after it. */
export function newestChange(coverage: LiveCoverage, updates: LiveUpdate[]): number {
  return Math.max(coverage.startedAt, coverage.endedAt ?? 0, ...updates.map((u) => u.changedAt));
}

export const LIVE_MESSAGES = {
  notLive: "Turn live coverage on before posting updates.",
  gone: "That update no longer exists.",
  imageAlt: "Describe the image for readers who cannot see it.",
} as const;

export const LIVE_LIMITS = { body: 20_000, headline: 140, byline: 100, imageAlt: 300 } as const;

const id = z.coerce.number().int().positive();
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "1" || v === "true");

export const LiveCoverageSchema = z.object({ articleId: id, live: z.enum(["on", "off"]) });

export const LiveUpdateSchema = z.object({
  articleId: id,
  updateId: z.union([z.literal(""), id]).optional(),
  body: z
    .string()
    .trim()
    .min(1, "Write the update.")
    .max(LIVE_LIMITS.body, `Keep the update under ${LIVE_LIMITS.body} characters.`),
  headline: z
    .string()
    .trim()
    .max(LIVE_LIMITS.headline, `Keep the headline under ${LIVE_LIMITS.headline} characters.`)
    .optional()
    .default(""),
  byline: z
    .string()
    .trim()
    .max(LIVE_LIMITS.byline, `Keep the byline under ${LIVE_LIMITS.byline} characters.`)
    .optional()
    .default(""),
  imageAlt: z.string().trim().max(LIVE_LIMITS.imageAlt).optional().default(""),
  keyEvent: checkbox,
  removeImage: checkbox,
});

export const LiveUpdateRefSchema = z.object({ articleId: id, updateId: id });
export const LivePinSchema = LiveUpdateRefSchema.extend({ pinned: z.enum(["1", "0"]) });

/** What a stream carries for one change: an update's rendered HTML (null once deleted) and its key-event link. */
export type LiveEvent =
  | {
      kind: "update";
      id: number;
      at: number;
      createdAt: number;
      pinned: boolean;
      /** The update as readers see it (lib/live/render.ts), rendered once for every stream. */
      html: string | null;
      /** Its line in the key events summary, or null when it is not (or no longer) a key event. */
      key: string | null;
    }
  | { kind: "coverage"; at: number; live: boolean };
