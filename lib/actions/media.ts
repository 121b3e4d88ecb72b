"use server";

import { refresh } from "next/cache";
import { deleteMediaItem, getMediaFacts, listMedia, updateMediaDetails } from "@/lib/data/media";
import { canManageMedia, MEDIA_MESSAGES } from "@/lib/media/rules";
import { recordAudit } from "@/lib/observability/audit";
import { MediaBrowseSchema, MediaDetailsSchema, MediaIdSchema } from "@/lib/validation/media";
import { failure, NOT_ALLOWED, ok, type ActionState } from "./state";
import { withRole } from "./wrappers";

// Who may call these, as in WordPress: anyone in the newsroom (contributors upload story images too)
// browses the library; authors and contributors change and delete only the images they uploaded,
// editors and administrators every image (lib/media/rules.ts). The image's uploader is read from the
// database, never from the form, so a crafted request cannot claim another's image.

/** Saves an image's alt text, caption and credit in the library. */
export const updateMediaDetailsAction = withRole("contributor", MediaDetailsSchema, async (input, user) => {
  const facts = await getMediaFacts(input.id);
  if (!facts) return failure(MEDIA_MESSAGES.gone);
  if (!canManageMedia(user, facts)) return failure(NOT_ALLOWED);
  const { id, ...details } = input;
  if (!(await updateMediaDetails(id, details))) return failure(MEDIA_MESSAGES.gone);
  refresh();
  return ok(MEDIA_MESSAGES.saved);
});

/** Deletes an image nothing uses (its file and its row); one still in use is kept and its users named. */
export const deleteMediaAction = withRole("contributor", MediaIdSchema, async ({ id }, user) => {
  const facts = await getMediaFacts(id);
  if (!facts) return failure(MEDIA_MESSAGES.gone);
  if (!canManageMedia(user, facts)) return failure(NOT_ALLOWED);
  const outcome = await deleteMediaItem(id);
  if (!outcome.deleted) return failure("gone" in outcome ? MEDIA_MESSAGES.gone : MEDIA_MESSAGES.inUse(outcome.usedBy));
  await recordAudit({ action: "media.delete", target: { type: "media", id }, summary: facts.path });
  refresh();
  return ok(MEDIA_MESSAGES.deleted);
});

/** A library image as the editor's chooser gets it: enough to place it with the library's texts. */
export type LibraryImage = {
  id: number;
  path: string;
  fileName: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
};

export type MediaBrowseState = ActionState & { images?: LibraryImage[]; nextBefore?: number | null };

/** One page of the library for the story editor's "Choose from library", newest first. */
export const browseMediaAction = withRole(
  "contributor",
  MediaBrowseSchema,
  async ({ search, before }): Promise<MediaBrowseState> => {
    const page = await listMedia({ search, before, limit: 24 });
    const images = page.items.map(({ id, path, fileName, alt, caption, credit, width, height }) => ({
      id,
      path,
      fileName,
      alt,
      caption,
      credit,
      width,
      height,
    }));
    return { ...ok(images.length ? "Images found." : "No images match."), images, nextBefore: page.nextBefore };
  },
);
