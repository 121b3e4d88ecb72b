import type { ArticleStatus } from "@/lib/domain";
import type { ArticleForm } from "@/lib/validation/article";

// The rules of editing a story with colleagues around, as WordPress's post lock and autosave and
// Ghost's refused save have them. Pure, so the editor (client) and the actions (server) share them.

/** The editor renews its lock this often while it is open. */
export const HEARTBEAT_MS = 15_000;
/** ...and between renewals asks this often whether someone took the story over, so they are told at once. */
export const LOCK_CHECK_MS = 4_000;
/** A lock nobody renewed for this long is free: the editor that held it was closed or lost its connection. */
export const LOCK_LAPSE_MS = 60_000;
/** Typing pauses this long before an autosave... */
export const AUTOSAVE_QUIET_MS = 2_000;
/** ...and while typing goes on, an autosave goes out at the latest this long after the first unsaved change. */
export const AUTOSAVE_MAX_WAIT_MS = 8_000;
/** A draft autosaved before it has a headline is stored under this one. */
export const UNTITLED = "Untitled";

/** Who holds a story's lock and since when they last said they are still there. */
export type LockFacts = { userId: number; userName: string; heartbeatAt: number };

/** What the editor is told about the lock: it holds it, or someone else does. */
export type LockState = { status: "mine" } | { status: "held"; by: string; userId: number };

export function lockIsLive(lock: LockFacts | null, now: number): lock is LockFacts {
  return lock !== null && now - lock.heartbeatAt < LOCK_LAPSE_MS;
}

/** Whether `userId` becomes (or stays) the holder: the lock is free, theirs, or they take it over. */
export function mayClaimLock(lock: LockFacts | null, userId: number, now: number, takeOver: boolean): boolean {
  return takeOver || !lockIsLive(lock, now) || lock.userId === userId;
}

export function lockStateFor(lock: LockFacts | null, userId: number, now: number): LockState {
  return lockIsLive(lock, now) && lock.userId !== userId
    ? { status: "held", by: lock.userName, userId: lock.userId }
    : { status: "mine" };
}

/** The form's values as the editor holds them: what an autosave copy keeps and a conflict sends back. */
export type EditorValues = {
  id: number | null;
  headline: string;
  slug: string;
  dek: string;
  dateline: string;
  body: string;
  sectionId: number | null;
  tags: string;
  authorIds: number[];
  featureImagePath: string | null;
  featureImageAlt: string;
  featureImageCaption: string;
  featureImageCredit: string;
  correction: string;
  commentStatus: "open" | "closed";
  status: ArticleStatus;
  publishedAt: string;
};

/** A story not written yet, as the editor (and the Admin API, for a new story) starts from it. */
export const EMPTY_EDITOR_VALUES: EditorValues = {
  id: null,
  headline: "",
  slug: "",
  dek: "",
  dateline: "",
  body: "",
  sectionId: null,
  tags: "",
  authorIds: [],
  featureImagePath: null,
  featureImageAlt: "",
  featureImageCaption: "",
  featureImageCredit: "",
  correction: "",
  commentStatus: "open",
  status: "draft",
  publishedAt: "",
};

/** The parsed form as editor values, with the status and time as typed and the stored image. */
export function editorValuesOf(
  form: ArticleForm,
  typed: { status: ArticleStatus; publishedAt: string },
  featureImagePath: string | null,
): EditorValues {
  return {
    id: form.id,
    headline: form.headline,
    slug: form.slug,
    dek: form.dek,
    dateline: form.dateline,
    body: form.body,
    sectionId: form.sectionId,
    tags: form.tags,
    authorIds: form.authorIds,
    featureImagePath: form.removeImage ? null : featureImagePath,
    featureImageAlt: form.featureImageAlt,
    featureImageCaption: form.featureImageCaption,
    featureImageCredit: form.featureImageCredit,
    correction: form.correction,
    commentStatus: form.commentStatus,
    status: typed.status,
    publishedAt: typed.publishedAt,
  };
}

/** A save refused because someone saved in between: who, when, and what they saved. */
export type SaveConflict = { by: string; at: number; version: number; theirs: EditorValues };

export function conflictMessage(by: string, clock: string): string {
  return `${by} saved this story at ${clock}, after you opened it. Your changes are not saved yet; they are still here.`;
}

/** Draft stories autosave into themselves; live and scheduled ones into the writer's own copy. */
export function autosavesInPlace(status: ArticleStatus | null): boolean {
  return status === null || status === "draft";
}

/** The fields a comparison of two versions shows, each as text. */
export type ComparableVersion = Record<(typeof COMPARED_FIELDS)[number][0], string>;

export const COMPARED_FIELDS = [
  ["headline", "Headline"],
  ["dek", "Summary"],
  ["dateline", "Dateline"],
  ["body", "Body"],
  ["tags", "Tags"],
  ["correction", "Correction"],
  ["featureImageAlt", "Image alt text"],
  ["featureImageCaption", "Image caption"],
  ["featureImageCredit", "Image credit"],
] as const;

/** A revision's snapshot or an autosave copy, as the text a comparison shows. */
export function comparable(
  v: Omit<ComparableVersion, "tags"> & ({ tags: string } | { tagNames: string[] }),
): ComparableVersion {
  return {
    headline: v.headline,
    dek: v.dek,
    dateline: v.dateline,
    body: v.body,
    tags: "tags" in v ? v.tags : v.tagNames.join(", "),
    correction: v.correction,
    featureImageAlt: v.featureImageAlt,
    featureImageCaption: v.featureImageCaption,
    featureImageCredit: v.featureImageCredit,
  };
}
