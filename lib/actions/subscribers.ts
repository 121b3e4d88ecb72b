"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { getArticleForPreview } from "@/lib/data/articles";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { queueMail } from "@/lib/data/newsletter-sends";
import { getSettingsUncached } from "@/lib/data/settings";
import { deleteSubscriber, importSubscribers } from "@/lib/data/subscribers";
import { readSubscriberCsv } from "@/lib/mail/csv";
import { renderBriefingIssue, renderStoryIssue } from "@/lib/mail/issues";
import { availableNewsletters, chosenLists, DAILY_LIST } from "@/lib/mail/newsletters";
import { recordAudit } from "@/lib/observability/audit";
import { failure, ok } from "./state";
import { withRole } from "./wrappers";

const MAX_IMPORT_BYTES = 12 * 1024 * 1024;

const ImportSchema = z.object({
  file: z.instanceof(File, { message: "Choose a CSV file." }),
  source: z.string().trim().min(1, "Say where these addresses come from.").max(100),
  confirmed: z.boolean(),
});

export const importSubscribersAction = withRole(
  "administrator",
  ImportSchema,
  async ({ file, source, confirmed }) => {
    if (file.size === 0 || file.size > MAX_IMPORT_BYTES) return failure("Choose a CSV file of at most 12 MB.");
    const [settings, sections] = await Promise.all([getSettingsUncached(), sectionsForNewsletters()]);
    const offered = availableNewsletters(settings.newsletterSections, sections);
    const parsed = readSubscriberCsv(await file.text(), [DAILY_LIST]);
    if ("error" in parsed) return failure(parsed.error);
    const rows = parsed.rows.map((r) => ({ email: r.email, lists: chosenLists(r.lists, offered) }));
    const result = await importSubscribers(rows, { source, confirmed });
    // Counts and the source named, never an address.
    await recordAudit({
      action: "subscribers.import",
      target: { type: "subscribers" },
      summary: `${rows.length} rows from ${source}${confirmed ? ", as already confirmed" : ""}: ${result.added} added, ${result.updated} updated`,
    });
    refresh();
    return ok(
      `Imported: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged` +
        (parsed.invalid ? `, ${parsed.invalid} rows without a valid address skipped.` : "."),
    );
  },
  {
    read: (form) => ({
      file: form.get("file"),
      source: form.get("source") ?? "",
      confirmed: form.get("confirmed") === "on",
    }),
  },
);

const IdSchema = z.object({ id: z.coerce.number().int().positive() });

export const deleteSubscriberAction = withRole("administrator", IdSchema, async ({ id }) => {
  if (!(await deleteSubscriber(id))) return failure("That subscriber is already gone.");
  // The address is erased, so the entry names the row only.
  await recordAudit({ action: "subscriber.delete", target: { type: "subscriber", id } });
  refresh();
  return ok("Subscriber deleted: the address is erased.");
});

const TestSchema = z.object({
  kind: z.enum(["briefing", "article"]),
  articleId: z.coerce.number().int().positive().optional(),
});

/** "Send a test": the preview, to the signed-in editor's own address, through the same queue. */
export const sendTestNewsletterAction = withRole("editor", TestSchema, async ({ kind, articleId }, user) => {
  const settings = await getSettingsUncached();
  const content =
    kind === "briefing"
      ? await renderBriefingIssue(settings)
      : articleId && (await getArticleForPreview(articleId))
        ? await renderStoryIssue(articleId, settings)
        : null;
  if (!content) return failure("There is nothing to send: no story was published in the last day.");
  await queueMail("test", { address: user.email }, content);
  refresh();
  return ok(`Test queued for ${user.email}.`);
});
