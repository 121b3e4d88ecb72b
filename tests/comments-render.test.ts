import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentList, commentCountHeading, type ReplyOptions } from "@/components/comments/comment-list";
import { buildCommentTree, type PublicComment } from "@/lib/data/comments";

const at = Date.UTC(2026, 4, 16, 10, 0, 0);
const comment = (id: number, parentId: number | null, values: Partial<PublicComment> = {}): PublicComment => ({
  id,
  parentId,
  authorName: `Reader ${id}`,
  authorUrl: "",
  body: `Comment ${id}`,
  createdAt: at + id,
  status: "approved",
  byStaff: false,
  ...values,
});

function render(list: PublicComment[], reply = { pagePath: "/articles/story", threadDepth: 5 } as ReplyOptions) {
  return renderToStaticMarkup(
    createElement(CommentList, { comments: buildCommentTree(list), timeZone: "Europe/Istanbul", reply }),
  );
}

describe("CommentList", () => {
  it("badges a newsroom reply as Staff, and not a guest who calls themselves Staff", () => {
    const html = render([
      comment(1, null, { authorName: "Staff" }),
      comment(2, 1, { authorName: "Desk", byStaff: true }),
    ]);
    expect(html.match(/>Staff</g)).toHaveLength(2);
    expect(html.match(/title="Posted from the newsroom"[^>]*>Staff</g)).toHaveLength(1);
  });

  it("renders markup typed by a commenter as text", () => {
    const html = render([
      comment(1, null, { authorName: "<b>Mallory</b>", body: "<img src=x onerror=alert(1)><script>alert(1)</script>" }),
    ]);
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
  });

  it("keeps paragraphs and line breaks and links URLs with nofollow ugc", () => {
    const html = render([
      comment(1, null, { body: "one\ntwo\n\nsee https://example.org/x.", authorUrl: "https://reader.example/" }),
    ]);
    expect(html).toContain("<p><span>one</span><span><br/>two</span></p>");
    expect(html).toContain('<a href="https://example.org/x" rel="nofollow ugc"');
    expect(html).toMatch(/<a href="https:\/\/reader.example\/" rel="external nofollow ugc"[^>]*>Reader 1<\/a>/);
    expect(html).toContain('id="comment-1"');
  });

  it("offers Reply links down to the thread depth, never on pending comments or when closed", () => {
    const thread = [1, 2, 3, 4, 5].map((id) => comment(id, id === 1 ? null : id - 1));
    const html = render(thread);
    for (const id of [1, 2, 3, 4]) expect(html).toContain(`href="/articles/story?replytocom=${id}#respond"`);
    expect(html).not.toContain("replytocom=5");
    expect(render(thread, { pagePath: "/articles/story", threadDepth: 2 }).match(/replytocom=/g)).toHaveLength(1);

    const pending = render([comment(7, null, { status: "pending" })]);
    expect(pending).toContain("Your comment is awaiting moderation.");
    expect(pending).not.toContain("replytocom");
    expect(render(thread, null)).not.toContain("replytocom");
  });

  it("counts responses the WordPress way", () => {
    expect(commentCountHeading(1, "Story")).toBe("One Response to “Story”");
    expect(commentCountHeading(3, "Story")).toBe("3 Responses to “Story”");
  });
});
