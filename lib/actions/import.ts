"use server";

import { refresh, updateTag } from "next/cache";
import { z } from "zod";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { isImportRunning } from "@/lib/data/import-runs";
import { importWordPressExport } from "@/lib/data/wordpress-import";
import { formatBytes } from "@/lib/wordpress/summary";
import { WxrError, type WxrSource } from "@/lib/wordpress/wxr-reader";
import { failure, ok } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// Server actions take bodies up to next.config.js's serverActions.bodySizeLimit; larger exports go
// through the command line, which also copies the images from the uploads folder.
const MAX_EXPORT_BYTES = 12 * 1024 * 1024 - 64 * 1024;

const ImportSchema = z.object({
  file: z
    .instanceof(File, { message: "Choose the export file (.xml) WordPress wrote." })
    .refine((f) => f.size > 0, "Choose the export file (.xml) WordPress wrote.")
    .refine(
      (f) => f.size <= MAX_EXPORT_BYTES,
      `The file is larger than ${formatBytes(MAX_EXPORT_BYTES)}: import it with npm run import:wordpress.`,
    ),
  createUsers: z.boolean(),
});

export const importWordPressAction = withRole(
  "administrator",
  ImportSchema,
  async ({ file, createUsers }) => {
    if (await isImportRunning()) return failure("Another import is running. Wait for it to finish, then try again.");
    try {
      const summary = await importWordPressExport(file.stream() as unknown as WxrSource, {
        source: file.name || "export.xml",
        totalBytes: file.size,
        createUsers,
        uploads: null,
      });
      // Every cached read carries the site tag: the imported stories, sections, feeds and sitemaps show at once.
      updateTag(CACHE_TAGS.site);
      updateTag(CACHE_TAGS.oldLinks);
      refresh();
      const c = summary.counts.articles;
      await recordAudit({
        action: "import.wordpress",
        target: { type: "import" },
        summary: `${file.name || "export.xml"}: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged articles`,
      });
      return ok(`Import finished: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged articles.`);
    } catch (error) {
      // Whole batches written before the failure stay; importing the file again finishes the job.
      updateTag(CACHE_TAGS.site);
      refresh();
      const message = (error as Error).message;
      if (error instanceof WxrError) return failure(`That file could not be imported: ${message}`, { file: [message] });
      return failure(`The import stopped: ${message}. What it wrote is kept; import the file again to finish.`);
    }
  },
  {
    read: (form) => ({ file: form.get("file"), createUsers: form.get("createUsers") === "on" }),
    invalid: (error) => {
      const message = error.issues[0]?.message ?? "Choose the export file (.xml) WordPress wrote.";
      return failure(message, { file: [message] });
    },
  },
);
