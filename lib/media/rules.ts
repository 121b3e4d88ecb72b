import { hasRole, type SessionUser } from "@/lib/auth/roles";

// Who manages which image, as WordPress has it: editors and administrators every image in the library
// (edit_others_posts), authors and contributors only the ones they uploaded. Everyone in the newsroom
// may browse the library and place any image in a story they can edit.

/** What the rules need to know of one library image. */
export type MediaFacts = { uploadedById: number | null };

export function canManageMedia(user: Pick<SessionUser, "id" | "role">, item: MediaFacts): boolean {
  return hasRole(user, "editor") || (item.uploadedById !== null && item.uploadedById === user.id);
}

/** One place an image is used, as the library names it. */
export type MediaUse =
  | { kind: "feature" | "body" | "live" | "revision"; articleId: number; headline: string }
  | { kind: "avatar"; authorId: number; name: string }
  | { kind: "page"; pageId: number; title: string };

const WHERE: Record<MediaUse["kind"], string> = {
  feature: "feature image of",
  body: "in the text of",
  live: "in a live update of",
  revision: "in an earlier version of",
  avatar: "avatar of",
  page: "on the page",
};

/** "feature image of “Harbour reopens”", "avatar of Ana Ruiz". */
export function describeUse(use: MediaUse): string {
  if (use.kind === "avatar") return `${WHERE.avatar} ${use.name}`;
  if (use.kind === "page") return `${WHERE.page} “${use.title}”`;
  return `${WHERE[use.kind]} “${use.headline}”`;
}

export const MEDIA_MESSAGES = {
  gone: "That image is no longer in the library.",
  saved: "Image details saved.",
  deleted: "Image deleted.",
  inUse: (uses: MediaUse[]) => `This image is still used (${uses.map(describeUse).join("; ")}), so it was kept.`,
};

export const MEDIA_PAGE_SIZE = 48;
