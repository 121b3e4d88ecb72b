"use server";

import { redirect } from "next/navigation";
import { refresh, updateTag } from "next/cache";
import { z } from "zod";
import { pageCacheTags } from "@/lib/cache/page-change";
import { deletePage, getPageRevision, savePage, type PageWrite } from "@/lib/data/pages";
import { recordAudit } from "@/lib/observability/audit";
import { PageFormSchema } from "@/lib/validation/page";
import { failure, keptValues, ok, type ActionState } from "./state";
import { withRole } from "./wrappers";

// Static pages (/admin/pages). As in WordPress, where only editors and administrators hold edit_pages,
// writing, publishing and deleting pages is an editor's job: contributors and authors write stories.

const CONFLICT = "Someone else saved this page after you opened it. Reload to see their version.";
const MISSING = "That page no longer exists.";

function invalidate(tags: string[]) {
  for (const tag of tags) updateTag(tag);
}

async function save(
  id: number | null,
  baseVersion: number | null,
  input: PageWrite,
  userId: number,
  form: FormData | null,
): Promise<ActionState | { id: number; version: number }> {
  const result = await savePage(id, baseVersion, input, userId);
  const values = form ? keptValues(form) : undefined;
  if (result.kind === "missing") return failure(MISSING);
  if (result.kind === "conflict") return failure(CONFLICT, {}, values);
  if (result.kind === "slug")
    return failure("Please correct the highlighted fields.", { slug: [result.message] }, values);
  invalidate(pageCacheTags(result.before, result.after));
  await recordAudit({
    action: form === null ? "page.revision-restore" : id === null ? "page.create" : "page.update",
    target: { type: "page", id: result.id },
    summary: `${input.title} (${input.status})`,
  });
  return { id: result.id, version: result.version };
}

/** A save's result carries the page's new version, which the form's next save names. */
export type PageSaveState = ActionState & { version?: number };

export const savePageAction = withRole("editor", PageFormSchema, async (input, user, form): Promise<PageSaveState> => {
  const { id, baseVersion, ...page } = input;
  if (id !== null && baseVersion === null) return failure(CONFLICT, {}, keptValues(form));
  const result = await save(id, baseVersion, page, user.id, form);
  if ("status" in result) return result;
  if (id === null) redirect(`/admin/pages/${result.id}?saved=1`);
  refresh();
  return { ...ok(page.status === "published" ? "Page published." : "Page saved as a draft."), version: result.version };
});

const pageId = z.coerce.number().int().positive();

export const restorePageRevisionAction = withRole(
  "editor",
  z.object({ pageId, revisionId: z.coerce.number().int().positive(), baseVersion: z.coerce.number().int().positive() }),
  async (input, user) => {
    const revision = await getPageRevision(input.pageId, input.revisionId);
    if (!revision) return failure("That revision does not belong to this page.");
    const result = await save(input.pageId, input.baseVersion, revision.snapshot, user.id, null);
    if ("status" in result) return result;
    // The edit screen, refreshed, opens the form afresh on the restored version.
    refresh();
    return ok("Revision restored.");
  },
  { invalid: "Choose a revision of this page." },
);

export const deletePageAction = withRole(
  "editor",
  z.object({ pageId }),
  async (input) => {
    const gone = await deletePage(input.pageId);
    if (!gone) return failure(MISSING);
    invalidate(pageCacheTags(gone, null));
    await recordAudit({ action: "page.delete", target: { type: "page", id: input.pageId }, summary: gone.slug });
    refresh();
    return ok("Page deleted.");
  },
  { invalid: MISSING },
);
