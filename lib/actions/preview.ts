"use server";

import { z } from "zod";
import { renderMarkdown } from "@/lib/articles/markdown";
import { ok, type ActionState } from "./state";
import { withRole } from "./wrappers";

/** The editor's live preview: the body as readers will see it, rendered and sanitised on the server. */
export type PreviewState = ActionState & { html?: string };

const PreviewSchema = z.object({ body: z.string().max(200_000, "The body is too long.") });

// Rendering here keeps marked and sanitize-html out of the editor's bundle. Anyone who may write a
// draft may preview one; nothing is stored, so the screen has nothing to refresh.
export const previewArticleBodyAction = withRole(
  "contributor",
  PreviewSchema,
  async ({ body }): Promise<PreviewState> => ({ ...ok("Preview updated."), html: renderMarkdown(body) }),
);
