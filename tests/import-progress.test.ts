import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/admin/import/progress/route";
import { endImportRun, recordImportProgress, startImportRun } from "@/lib/data/import-runs";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

// What the import screen polls while an upload is imported.
describe("the import progress endpoint", () => {
  it("tells an administrator how far the running import has got", async () => {
    signInAs({ id: 1, email: "a@example.com", name: "Admin", role: "administrator" });
    const id = await startImportRun("big.xml", 1000);
    await recordImportProgress(id, { bytesRead: 400, articles: 12, comments: 340, skipped: 1, totalBytes: 1000 });
    const res = await GET();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({
      id,
      status: "running",
      progress: { bytesRead: 400, totalBytes: 1000, articles: 12, comments: 340 },
    });
    await endImportRun(id, { error: "stopped by the test" });
    expect(await (await GET()).json()).toMatchObject({ id, status: "failed" });
  });

  it("tells no one else anything", async () => {
    signInAs(null);
    expect((await GET()).status).toBe(403);
    signInAs({ id: 2, email: "e@example.com", name: "Editor", role: "editor" });
    expect((await GET()).status).toBe(403);
  });
});
