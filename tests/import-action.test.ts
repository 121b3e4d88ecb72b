import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { articles } from "@/db/schema";
import { importWordPressAction } from "@/lib/actions/import";
import { idleState, NOT_ALLOWED } from "@/lib/actions/state";
import { endImportRun, getLatestImportRun, startImportRun } from "@/lib/data/import-runs";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, "fixtures/wordpress/export.xml"));
const upload = (bytes: Buffer | string, name = "export.xml") => {
  const form = new FormData();
  form.append("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  return form;
};
const admin = { id: 1, email: "a@example.com", name: "Admin", role: "administrator" as const };

describe("the import screen's action", () => {
  it("is for administrators only: an editor is refused and nothing is imported", async () => {
    signInAs({ ...admin, role: "editor" });
    expect(await importWordPressAction(idleState, upload(FIXTURE))).toMatchObject({ message: NOT_ALLOWED });
    expect((await db.select({ n: count() }).from(articles))[0].n).toBe(0);
  });

  it("imports the uploaded export, records the summary, and invalidates every cached page", async () => {
    signInAs(admin);
    const result = await importWordPressAction(idleState, upload(FIXTURE));
    expect(result).toMatchObject({ status: "ok", message: "Import finished: 7 new, 0 updated, 0 unchanged articles." });
    expect(invalidated).toContain("site");
    const run = await getLatestImportRun();
    expect(run).toMatchObject({ status: "done", source: "export.xml" });
    expect(run!.summary!.counts.comments.created).toBe(8);
  });

  it("refuses while another import is running", async () => {
    signInAs(admin);
    const runId = await startImportRun("other.xml", 1);
    const result = await importWordPressAction(idleState, upload(FIXTURE));
    expect(result).toMatchObject({ status: "error", message: expect.stringContaining("Another import is running") });
    await endImportRun(runId, { error: "test over" });
  });

  it("says what is wrong with a file that is not an export, and with no file at all", async () => {
    signInAs(admin);
    const before = await getLatestImportRun();
    const bad = await importWordPressAction(idleState, upload("<html><body>no</body></html>", "page.html"));
    expect(bad).toMatchObject({
      status: "error",
      fieldErrors: { file: [expect.stringContaining("not a WordPress export")] },
    });
    // Refused at its first element, before anything was written or a run recorded.
    expect((await getLatestImportRun())?.id).toBe(before?.id);
    const none = await importWordPressAction(idleState, upload(""));
    expect(none.fieldErrors?.file).toEqual(["Choose the export file (.xml) WordPress wrote."]);
  });
});
