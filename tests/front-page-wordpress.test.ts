import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listFrontPagePicks, removePick } from "@/lib/data/front-page";
import { importWordPressExport } from "@/lib/data/wordpress-import";

const fixture = path.join(import.meta.dirname, "fixtures/wordpress/export.xml");

const importFixture = () =>
  importWordPressExport(fs.createReadStream(fixture), {
    source: "export.xml",
    totalBytes: 1,
    createUsers: true,
    uploads: null,
    batchSize: 2,
  });

describe("WordPress sticky posts", () => {
  it("arrive as Top stories, once: a pick an editor removed stays removed on the next import", async () => {
    await importFixture();
    const picks = await listFrontPagePicks();
    // The fixture's one sticky post (wp:is_sticky 1), published.
    expect(picks.map((p) => [p.slot, p.live])).toEqual([["top", true]]);
    expect(picks[0].headline).toMatch(/ferry/i);

    await importFixture();
    expect((await listFrontPagePicks()).length).toBe(1);
    await removePick(picks[0].articleId);
    await importFixture();
    expect(await listFrontPagePicks()).toEqual([]);
  }, 60_000);
});
