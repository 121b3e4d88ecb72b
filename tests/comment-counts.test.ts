import { describe, it } from "vitest";
import { checkCommentCountsFollowEveryChange } from "./support/comment-counts";

describe("the moderation tab counts", () => {
  it("follow every comment added, moved between statuses or deleted, and an article's deletion", async () => {
    await checkCommentCountsFollowEveryChange();
  });
});
