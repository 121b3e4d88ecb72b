"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { ARTICLE_MESSAGES } from "@/lib/articles/rules";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { addArticleNote, findUsersByHandles } from "@/lib/data/notes";
import { xmlSafeText } from "@/lib/feeds/xml";
import { NOTE_MAX, parseMentions } from "@/lib/notes/rules";
import { plural } from "@/lib/format/text";
import { failure, NOT_ALLOWED, ok } from "./state";
import { withRole } from "./wrappers";

// Notes are newsroom-only: they change no reader page, so no cache tag is touched.

export const addArticleNoteAction = withRole(
  "contributor",
  z.object({
    articleId: z.coerce.number().int().positive(),
    body: z
      .string()
      .transform((v) => xmlSafeText(v).trim())
      .pipe(z.string().min(1, "Write a note.").max(NOTE_MAX, "The note is too long.")),
  }),
  async (input, user) => {
    const article = await getArticleForEdit(input.articleId);
    if (!article) return failure(ARTICLE_MESSAGES.gone);
    // Whoever may open the story may read and write its notes; nobody else.
    if (!canEditArticle(user, article.ownership)) return failure(NOT_ALLOWED);
    const mentioned = (await findUsersByHandles(parseMentions(input.body))).filter(
      (colleague) => colleague.id !== user.id && canEditArticle(colleague, article.ownership),
    );
    await addArticleNote({
      articleId: article.id,
      userId: user.id,
      body: input.body,
      mentionedUserIds: mentioned.map((m) => m.id),
    });
    refresh();
    return ok(mentioned.length ? `Note added; ${plural(mentioned.length, "colleague")} notified.` : "Note added.");
  },
);
