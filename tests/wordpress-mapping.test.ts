import { describe, expect, it } from "vitest";
import { commentSkipReason, mapComments, mapCommentStatus } from "@/lib/wordpress/comments";
import {
  articleSlug,
  itemSkipReason,
  mapAttachment,
  mapAuthor,
  mapCategory,
  mapPost,
  mapPostStatus,
  mapTag,
  parseWpDate,
  uniqueSlug,
  wpNicename,
} from "@/lib/wordpress/mapping";
import type { WxrAuthor, WxrComment, WxrItem } from "@/lib/wordpress/wxr-types";

const SITE = "https://oldsite.example";

function wpItem(fields: Partial<WxrItem> = {}): WxrItem {
  return {
    postId: 10,
    title: "Harbour reopens",
    link: `${SITE}/2024/05/14/harbour-reopens/`,
    guid: `${SITE}/?p=10`,
    pubDate: "Tue, 14 May 2024 07:30:00 +0000",
    creator: "editor",
    description: "",
    content: "<p>Body</p>",
    excerpt: "",
    postDate: "2024-05-14 10:30:00",
    postDateGmt: "2024-05-14 07:30:00",
    postModified: "2024-05-15 09:00:00",
    postModifiedGmt: "2024-05-15 06:00:00",
    commentStatus: "open",
    pingStatus: "open",
    postName: "harbour-reopens",
    status: "publish",
    postParent: 0,
    menuOrder: 0,
    postType: "post",
    postPassword: "",
    isSticky: false,
    attachmentUrl: "",
    terms: [],
    meta: [],
    comments: [],
    ...fields,
  };
}

function wpComment(id: number, fields: Partial<WxrComment> = {}): WxrComment {
  return {
    id,
    author: "Reader",
    authorEmail: "reader@example.org",
    authorUrl: "",
    authorIp: "203.0.113.1",
    date: "2024-05-14 12:00:00",
    dateGmt: "2024-05-14 09:00:00",
    content: `Comment ${id}`,
    approved: "1",
    type: "comment",
    parent: 0,
    userId: 0,
    meta: [],
    ...fields,
  };
}

const at = (iso: string) => Date.parse(`${iso}Z`);

describe("dates", () => {
  it("reads WordPress's GMT dates as UTC, and its zero date as no date", () => {
    expect(parseWpDate("2024-05-14 07:30:00")).toBe(at("2024-05-14T07:30:00"));
    expect(parseWpDate("0000-00-00 00:00:00")).toBeNull();
    expect(parseWpDate("")).toBeNull();
    expect(parseWpDate("yesterday")).toBeNull();
  });
});

describe("authors", () => {
  const author = (fields: Partial<WxrAuthor>): WxrAuthor => ({
    id: 2,
    login: "j.okafor",
    email: "john@example.org",
    displayName: "John Okafor",
    firstName: "John",
    lastName: "Okafor",
    description: "",
    ...fields,
  });

  it("takes the display name, a slug from the login as WordPress's nicename, and the bio", () => {
    expect(mapAuthor(author({ description: "Covers <em>city hall</em> &amp; the port." }))).toEqual({
      wpId: 2,
      login: "j.okafor",
      email: "john@example.org",
      name: "John Okafor",
      slug: "j-okafor",
      bio: "Covers city hall & the port.",
      oldPaths: ["/author/j-okafor", "?author=2"],
    });
  });

  it("falls back to first and last name, then the login, when there is no display name", () => {
    expect(mapAuthor(author({ displayName: "" })).name).toBe("John Okafor");
    expect(mapAuthor(author({ displayName: "", firstName: "", lastName: "" })).name).toBe("j.okafor");
  });

  it("derives the nicename the way WordPress does from an e-mail or accented login", () => {
    expect(wpNicename("john.doe@example.com")).toBe("john-doeexample-com");
    expect(wpNicename("Ayşe Demir")).toBe("ayse-demir");
    expect(mapAuthor(author({ login: "Ayşe Demir", id: null })).oldPaths).toEqual(["/author/ayse-demir"]);
  });
});

describe("categories → sections, tags", () => {
  it("keeps the category's slug, records its parent, and answers its old links", () => {
    expect(
      mapCategory(
        { termId: 3, slug: "harbour", parentSlug: "news", name: "Harbour &amp; Port", description: "Boats" },
        ["news"],
      ),
    ).toEqual({
      wpTermId: 3,
      slug: "harbour",
      name: "Harbour & Port",
      description: "Boats",
      parentSlug: "news",
      oldPaths: ["/category/harbour", "/category/news/harbour", "?cat=3"],
    });
  });

  it("turns a percent-encoded slug into the one readers saw, then into one this site accepts", () => {
    const tag = mapTag({ termId: 6, slug: "%c4%b0stanbul-bo%c4%9faz%c4%b1", name: "İstanbul Boğazı", description: "" });
    expect(tag).toEqual({
      wpTermId: 6,
      slug: "istanbul-bogazi",
      name: "İstanbul Boğazı",
      oldPaths: ["/tag/i̇stanbul-boğazı"],
    });
  });

  it("moves a section off a slug that one of the site's own routes owns", () => {
    expect(mapCategory({ termId: 9, slug: "search", parentSlug: "", name: "Search", description: "" }).slug).toBe(
      "search-2",
    );
    expect(mapCategory({ termId: 9, slug: "tags", parentSlug: "", name: "Tags", description: "" }).slug).toBe("tags-2");
  });
});

describe("which items become articles", () => {
  it("imports posts and says why anything else is skipped", () => {
    expect(itemSkipReason(wpItem())).toBeNull();
    expect(itemSkipReason(wpItem({ postType: "page" }))).toBeNull();
    expect(itemSkipReason(wpItem({ postType: "page", status: "trash" }))).toBe("page in the trash");
    expect(itemSkipReason(wpItem({ postType: "attachment" }))).toBe("attachment (used for images only)");
    expect(itemSkipReason(wpItem({ postType: "nav_menu_item" }))).toBe("menu item");
    expect(itemSkipReason(wpItem({ postType: "wp_template" }))).toBe("site design");
    expect(itemSkipReason(wpItem({ postType: "event" }))).toBe('custom type "event"');
    expect(itemSkipReason(wpItem({ status: "auto-draft" }))).toBe("auto-draft");
  });
});

describe("posts → articles", () => {
  it("maps a published post: headline, dek, times, comments, byline, section, tags", () => {
    const post = mapPost(
      wpItem({
        title: "Harbour &amp; ferries <em>reopen</em>",
        excerpt: "<p>Boats are <strong>back</strong>.</p>",
        terms: [
          { domain: "category", nicename: "news", name: "News" },
          { domain: "post_tag", nicename: "ferries", name: "Ferries" },
          { domain: "post_tag", nicename: "weather", name: "Weather" },
          { domain: "post_format", nicename: "post-format-video", name: "Video" },
        ],
      }),
      SITE,
    );
    expect(post).toEqual({
      article: {
        wpId: 10,
        slug: "harbour-reopens",
        headline: "Harbour & ferries reopen",
        dek: "Boats are back.",
        status: "published",
        publishedAt: at("2024-05-14T07:30:00"),
        updatedAt: at("2024-05-15T06:00:00"),
        trashedAt: null,
        commentStatus: "open",
        authorLogin: "editor",
        sectionSlug: "news",
        tagSlugs: ["ferries", "weather"],
        oldPaths: [
          "?p=10",
          "/2024/05/14/harbour-reopens",
          "/2024/05/harbour-reopens",
          "/harbour-reopens",
          "/archives/10",
        ],
      },
      thumbnailId: null,
      notes: [],
    });
  });

  it("maps each WordPress status", () => {
    expect(mapPostStatus("publish")).toEqual({ status: "published", trashed: false });
    expect(mapPostStatus("future")).toEqual({ status: "scheduled", trashed: false });
    for (const s of ["draft", "pending", "private", "something-a-plugin-made"]) {
      expect(mapPostStatus(s)).toEqual({ status: "draft", trashed: false });
    }
    expect(mapPostStatus("trash", "publish")).toEqual({ status: "published", trashed: true });
    expect(mapPostStatus("trash")).toEqual({ status: "draft", trashed: true });
  });

  it("schedules a future post at its date", () => {
    const { article } = mapPost(
      wpItem({ status: "future", postDateGmt: "2030-07-01 06:00:00", postName: "outlook" }),
      SITE,
    );
    expect([article.status, article.publishedAt, article.oldPaths]).toEqual([
      "scheduled",
      at("2030-07-01T06:00:00"),
      [],
    ]);
  });

  it("gives a draft no published time (WordPress writes a zero date) and a slug from its title", () => {
    const { article } = mapPost(
      wpItem({ status: "draft", postDateGmt: "0000-00-00 00:00:00", postName: "", title: "Ferry Timetable: Summer!" }),
      SITE,
    );
    expect([article.status, article.publishedAt, article.slug, article.oldPaths]).toEqual([
      "draft",
      null,
      "ferry-timetable-summer",
      [],
    ]);
  });

  it("keeps a trashed post's status and trash time, and its slug without WordPress's __trashed", () => {
    const { article } = mapPost(
      wpItem({
        status: "trash",
        postName: "old-fish-market__trashed",
        meta: [
          { key: "_wp_trash_meta_status", value: "publish" },
          { key: "_wp_trash_meta_time", value: "1706778000" },
        ],
      }),
      SITE,
    );
    expect([article.status, article.trashedAt, article.slug, article.oldPaths]).toEqual([
      "published",
      1706778000 * 1000,
      "old-fish-market",
      [],
    ]);
  });

  it("holds back a password-protected post as a draft and says so", () => {
    const post = mapPost(wpItem({ postPassword: "secret" }), SITE);
    expect([post.article.status, post.article.publishedAt, post.notes]).toEqual([
      "draft",
      null,
      ["password-protected: imported as a draft"],
    ]);
  });

  it("maps comment_status, and closes comments for anything but open", () => {
    expect(mapPost(wpItem({ commentStatus: "closed" }), SITE).article.commentStatus).toBe("closed");
    expect(mapPost(wpItem({ commentStatus: "registered_only" }), SITE).article.commentStatus).toBe("closed");
  });

  it("picks a real category over Uncategorized as the section, and notes the categories left out", () => {
    const post = mapPost(
      wpItem({
        terms: [
          { domain: "category", nicename: "uncategorized", name: "Uncategorized" },
          { domain: "category", nicename: "city-hall", name: "City Hall" },
        ],
      }),
      SITE,
    );
    expect(post.article.sectionSlug).toBe("city-hall");
    expect(post.notes).toEqual(['in 2 categories; section "City Hall"']);
  });

  it("falls back when a post has no slug or title, and decodes a percent-encoded one", () => {
    expect(articleSlug(wpItem({ postName: "", title: "" }))).toBe("post-10");
    expect(articleSlug(wpItem({ postName: "k%c3%b6pr%c3%bc-a%c3%a7%c4%b1ld%c4%b1" }))).toBe("kopru-acildi");
    expect(articleSlug(wpItem({ postName: "%d0%bc%d0%be%d1%81%d1%82", title: "Мост" }))).toBe("post-10");
  });

  it("uses the pubDate when the GMT date is missing, and the modified time for updates", () => {
    const { article } = mapPost(wpItem({ postDateGmt: "0000-00-00 00:00:00", postModifiedGmt: "" }), SITE);
    expect([article.publishedAt, article.updatedAt]).toEqual([at("2024-05-14T07:30:00"), at("2024-05-14T07:30:00")]);
  });

  it("reads the featured image's attachment id, and what an attachment gives a featured image", () => {
    expect(mapPost(wpItem({ meta: [{ key: "_thumbnail_id", value: "201" }] }), SITE).thumbnailId).toBe(201);
    expect(
      mapAttachment(
        wpItem({
          postType: "attachment",
          attachmentUrl: `${SITE}/wp-content/uploads/2024/05/a.jpg`,
          excerpt: "Boats at dawn",
          meta: [
            { key: "_wp_attached_file", value: "2024/05/a.jpg" },
            { key: "_wp_attachment_image_alt", value: "Boats" },
          ],
        }),
      ),
    ).toEqual({
      url: `${SITE}/wp-content/uploads/2024/05/a.jpg`,
      uploadsFile: "2024/05/a.jpg",
      alt: "Boats",
      caption: "Boats at dawn",
    });
  });

  it("shortens an overlong headline to the editor's limit", () => {
    const post = mapPost(wpItem({ title: "word ".repeat(100) }), SITE);
    expect(post.article.headline.length).toBeLessThanOrEqual(300);
    expect(post.article.headline.endsWith("…")).toBe(true);
    expect(post.notes).toEqual(["headline shortened to 300 characters"]);
  });
});

describe("slug clashes", () => {
  it("suffixes a taken slug as WordPress does, within the 80-character limit", () => {
    const taken = new Set(["ferry", "ferry-2"]);
    expect(uniqueSlug("ferry", (s) => taken.has(s))).toBe("ferry-3");
    expect(uniqueSlug("free", (s) => taken.has(s))).toBe("free");
    const long = "a".repeat(80);
    expect(uniqueSlug(long, (s) => s === long)).toBe(`${"a".repeat(78)}-2`);
  });
});

describe("comments", () => {
  it("maps 1 → approved, 0 → pending, spam → spam, trash and a trashed post's comments → trash", () => {
    expect(["1", "0", "spam", "trash", "post-trashed"].map(mapCommentStatus)).toEqual([
      "approved",
      "pending",
      "spam",
      "trash",
      "trash",
    ]);
  });

  it("skips pingbacks, trackbacks and other comment types", () => {
    expect(commentSkipReason(wpComment(1))).toBeNull();
    expect(commentSkipReason(wpComment(1, { type: "" }))).toBeNull();
    expect(commentSkipReason(wpComment(1, { type: "pingback" }))).toBe("pingback");
    expect(commentSkipReason(wpComment(1, { type: "trackback" }))).toBe("trackback");
    expect(commentSkipReason(wpComment(1, { type: "note" }))).toBe("editorial note");
    expect(commentSkipReason(wpComment(1, { type: "review" }))).toBe('comment type "review"');
  });

  it("maps author, email, url, IP, GMT date and text", () => {
    const { comments } = mapComments(
      [
        wpComment(11, {
          author: "Mehmet &amp; co",
          authorUrl: "https://mehmet.example.org",
          content: "Nice &amp; <b>early</b>.",
          userId: 3,
        }),
      ],
      101,
    );
    expect(comments).toEqual([
      {
        wpId: 11,
        articleWpId: 101,
        parentWpId: null,
        authorName: "Mehmet & co",
        authorEmail: "reader@example.org",
        authorUrl: "https://mehmet.example.org",
        authorIp: "203.0.113.1",
        body: "Nice & early.",
        status: "approved",
        createdAt: at("2024-05-14T09:00:00"),
        wpUserId: 3,
      },
    ]);
    expect(mapComments([wpComment(1, { authorUrl: "javascript:alert(1)" })], 1).comments[0].authorUrl).toBe("");
  });

  it("threads through comment_parent, moving a reply to a skipped pingback up to its nearest kept ancestor", () => {
    const { comments, skipped } = mapComments(
      [
        wpComment(18, { parent: 13 }), // a reply listed before its parent
        wpComment(11),
        wpComment(12, { parent: 11 }),
        wpComment(13, { parent: 12, approved: "0" }),
        wpComment(16, { type: "pingback" }),
        wpComment(17, { parent: 16 }),
        wpComment(20, { type: "pingback", parent: 12 }),
        wpComment(21, { parent: 20 }),
        wpComment(22, { parent: 999 }), // a parent missing from the export
        wpComment(23, { content: "   " }),
      ],
      101,
    );
    expect(comments.map((c) => [c.wpId, c.parentWpId])).toEqual([
      [11, null],
      [12, 11],
      [13, 12],
      [18, 13],
      [21, 12],
      [17, null],
      [22, null],
    ]);
    expect(Object.fromEntries(skipped)).toEqual({ pingback: 2, "empty comment": 1 });
  });

  it("keeps comments whose parents form a loop, at the top level, instead of losing them", () => {
    const { comments } = mapComments(
      [wpComment(1, { parent: 2 }), wpComment(2, { parent: 1 }), wpComment(3, { parent: 3 })],
      5,
    );
    expect(comments.map((c) => [c.wpId, c.parentWpId])).toEqual([
      [3, null],
      [1, null],
      [2, null],
    ]);
  });
});
