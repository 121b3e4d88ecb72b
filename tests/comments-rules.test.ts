import { describe, expect, it, vi } from "vitest";
import { autolink, paragraphs } from "@/lib/comments/autolink";
import { clientIpFrom } from "@/lib/edge/client-ip";
import {
  commentCookieSecret,
  decodeRemembered,
  encodeRemembered,
  PENDING_MAX_IDS,
  signPendingIds,
  verifyPendingIds,
} from "@/lib/comments/cookies";
import {
  canReplyAt,
  commentsAreOpen,
  countLinks,
  decideComment,
  decideCommentStatus,
  depthIn,
  findListedWord,
  isFlood,
  type CommentFacts,
  type CommentPost,
  type CommentRules,
  type StatusInput,
  type StatusSettings,
} from "@/lib/comments/rules";
import { COMMENT_MESSAGES } from "@/lib/validation/comment";

const DAY = 86_400_000;

const base: StatusInput = {
  authorName: "Ayşe Demir",
  authorEmail: "ayse@example.org",
  authorUrl: "",
  authorIp: "198.51.100.7",
  authorUserAgent: "Mozilla/5.0",
  body: "A thoughtful comment.",
  honeypotFilled: false,
  hasApprovedComment: false,
  emailIsStaff: false,
};
const settings: StatusSettings = {
  commentModerationWords: [],
  commentDisallowedWords: [],
  commentMaxLinks: 2,
  commentPreviouslyApproved: true,
};

describe("countLinks (WordPress's rule)", () => {
  it("counts http, https, protocol-relative and href links, not bare domains", () => {
    expect(countLinks("no links here, see example.org or www.example.org")).toBe(0);
    expect(countLinks("one https://a.example/x")).toBe(1);
    expect(countLinks("http://a.example and //b.example and <a href='https://c.example'>c</a>")).toBe(3);
    expect(countLinks("HTTPS://A.EXAMPLE HTTP://B.EXAMPLE")).toBe(2);
  });
});

describe("findListedWord", () => {
  it("matches case-insensitively inside words, in any field, ignoring blank entries", () => {
    expect(findListedWord(["press"], ["I love WordPress"])).toBe("press");
    expect(findListedWord(["CASINO"], ["name", "Visit my casino"])).toBe("casino");
    expect(findListedWord(["", "  "], ["anything"])).toBeNull();
    expect(findListedWord(["viagra"], ["clean text"])).toBeNull();
  });
});

describe("decideCommentStatus", () => {
  it("holds a first-time commenter for moderation", () => {
    expect(decideCommentStatus(base, settings).status).toBe("pending");
  });

  it("approves when the email already has an approved comment", () => {
    expect(decideCommentStatus({ ...base, hasApprovedComment: true }, settings).status).toBe("approved");
  });

  it("approves everyone when the previously-approved rule is off", () => {
    expect(decideCommentStatus(base, { ...settings, commentPreviouslyApproved: false }).status).toBe("approved");
  });

  it("holds a comment with as many links as the limit, even from a known commenter", () => {
    const known = { ...base, hasApprovedComment: true };
    expect(decideCommentStatus({ ...known, body: "see https://a.example" }, settings).status).toBe("approved");
    expect(
      decideCommentStatus({ ...known, body: "see https://a.example and https://b.example" }, settings).status,
    ).toBe("pending");
    expect(
      decideCommentStatus(
        { ...known, body: "https://a.example https://b.example" },
        { ...settings, commentMaxLinks: 0 },
      ).status,
    ).toBe("approved");
  });

  it("holds a comment containing a moderation word in any field", () => {
    const known = { ...base, hasApprovedComment: true };
    const words = { ...settings, commentModerationWords: ["refund"] };
    expect(decideCommentStatus({ ...known, body: "Ask for a REFUND" }, words).status).toBe("pending");
    expect(decideCommentStatus({ ...known, authorName: "Refunds Ltd" }, words).status).toBe("pending");
    expect(decideCommentStatus(known, words).status).toBe("approved");
  });

  it("sends a disallowed word (in body, name, email, url, IP or user agent) to spam", () => {
    const known = { ...base, hasApprovedComment: true };
    const words = { ...settings, commentDisallowedWords: ["casino", "203.0.113.9", "evilbot"] };
    expect(decideCommentStatus({ ...known, body: "Best Casino bonus" }, words).status).toBe("spam");
    expect(decideCommentStatus({ ...known, authorUrl: "https://casino.example/" }, words).status).toBe("spam");
    expect(decideCommentStatus({ ...known, authorIp: "203.0.113.9" }, words).status).toBe("spam");
    expect(decideCommentStatus({ ...known, authorUserAgent: "EvilBot/1.0" }, words).status).toBe("spam");
    expect(decideCommentStatus(known, words).status).toBe("approved");
  });

  it("sends a filled honeypot to spam whatever else is true", () => {
    expect(decideCommentStatus({ ...base, hasApprovedComment: true, honeypotFilled: true }, settings).status).toBe(
      "spam",
    );
  });

  it("holds a guest using a staff account's email, even if approved before and with moderation off", () => {
    const impostor = { ...base, hasApprovedComment: true, emailIsStaff: true };
    expect(decideCommentStatus(impostor, settings)).toEqual({ status: "pending", reason: "staff email from a guest" });
    expect(decideCommentStatus(impostor, { ...settings, commentPreviouslyApproved: false }).status).toBe("pending");
    expect(
      decideCommentStatus({ ...impostor, body: "casino" }, { ...settings, commentDisallowedWords: ["casino"] }).status,
    ).toBe("spam");
  });

  it("lets spam outrank a hold", () => {
    const both = { ...settings, commentModerationWords: ["bonus"], commentDisallowedWords: ["casino"] };
    expect(decideCommentStatus({ ...base, body: "casino bonus" }, both).status).toBe("spam");
  });
});

describe("decideComment: every rule for a posted comment, from facts alone", () => {
  const now = Date.UTC(2026, 4, 20, 12);
  const { hasApprovedComment, emailIsStaff, ...posted } = base;
  void hasApprovedComment;
  void emailIsStaff;
  const post: CommentPost = { ...posted, articleId: 7, parentId: null };
  type Article = { id: number; slug: string; commentStatus: "open" | "closed"; publishedAt: number };
  const article: Article = { id: 7, slug: "story", commentStatus: "open", publishedAt: now - DAY };
  const facts: CommentFacts<Article> = {
    article,
    parent: null,
    duplicate: false,
    lastCommentAt: null,
    hasApprovedComment: false,
    emailIsStaff: false,
  };
  const rules: CommentRules = { ...settings, commentCloseAfterDays: 0, commentThreadDepth: 5 };
  const message = (p: CommentPost, f: CommentFacts<Article>, r = rules) => {
    const decision = decideComment(p, f, r, now);
    return decision.ok ? null : decision.message;
  };

  it("stores a first comment for moderation, with the article it belongs to", () => {
    expect(decideComment(post, facts, rules, now)).toEqual({
      ok: true,
      article,
      status: "pending",
      reason: "first comment",
    });
    expect(decideComment(post, { ...facts, hasApprovedComment: true }, rules, now)).toMatchObject({
      ok: true,
      status: "approved",
    });
    expect(decideComment({ ...post, honeypotFilled: true }, facts, rules, now)).toMatchObject({ status: "spam" });
    expect(decideComment(post, { ...facts, hasApprovedComment: true, emailIsStaff: true }, rules, now)).toMatchObject({
      ok: true,
      status: "pending",
    });
  });

  it("refuses an article readers cannot see, and closed comments per article or after N days", () => {
    expect(message(post, { ...facts, article: null })).toBe(COMMENT_MESSAGES.invalid);
    expect(message(post, { ...facts, article: { ...article, commentStatus: "closed" } })).toBe(COMMENT_MESSAGES.closed);
    expect(message(post, facts, { ...rules, commentCloseAfterDays: 1 })).toBe(COMMENT_MESSAGES.closed);
    expect(message(post, facts, { ...rules, commentCloseAfterDays: 2 })).toBeNull();
  });

  it("refuses a reply to a comment that cannot be replied to, or nested too deep", () => {
    const reply = { ...post, parentId: 3 };
    expect(message(reply, facts)).toBe(COMMENT_MESSAGES.parentMissing);
    expect(message(reply, { ...facts, parent: { depth: 5 } })).toBe(COMMENT_MESSAGES.tooDeep);
    expect(message(reply, { ...facts, parent: { depth: 4 } })).toBeNull();
    // A top-level comment does not care what the parent lookup found.
    expect(message(post, { ...facts, parent: { depth: 9 } })).toBeNull();
  });

  it("reports a duplicate before a flood, and a flood only within 15 seconds", () => {
    expect(message(post, { ...facts, duplicate: true, lastCommentAt: now - 1000 })).toBe(COMMENT_MESSAGES.duplicate);
    expect(message(post, { ...facts, lastCommentAt: now - 1000 })).toBe(COMMENT_MESSAGES.flood);
    expect(message(post, { ...facts, lastCommentAt: now - 15_000 })).toBeNull();
  });

  it("checks in WordPress's order: closed before a missing parent before a duplicate", () => {
    const everything = { ...facts, article: { ...article, commentStatus: "closed" as const }, duplicate: true };
    expect(message({ ...post, parentId: 3 }, everything)).toBe(COMMENT_MESSAGES.closed);
    expect(message({ ...post, parentId: 3 }, { ...facts, duplicate: true })).toBe(COMMENT_MESSAGES.parentMissing);
  });
});

describe("commentsAreOpen", () => {
  const now = Date.UTC(2026, 4, 20);
  it("is closed when the article closes comments", () => {
    expect(commentsAreOpen({ commentStatus: "closed", publishedAt: now - DAY }, 0, now)).toBe(false);
  });
  it("closes automatically N days after publication; 0 keeps them open", () => {
    expect(commentsAreOpen({ commentStatus: "open", publishedAt: now - 13 * DAY }, 14, now)).toBe(true);
    expect(commentsAreOpen({ commentStatus: "open", publishedAt: now - 14 * DAY }, 14, now)).toBe(false);
    expect(commentsAreOpen({ commentStatus: "open", publishedAt: now - 3650 * DAY }, 0, now)).toBe(true);
  });
});

describe("threads", () => {
  const list = [
    { id: 1, parentId: null },
    { id: 2, parentId: 1 },
    { id: 3, parentId: 2 },
    { id: 4, parentId: 3 },
    { id: 5, parentId: 4 },
  ];
  it("measures depth from the top level", () => {
    expect(depthIn(list, 1)).toBe(1);
    expect(depthIn(list, 5)).toBe(5);
    expect(depthIn(list, 99)).toBe(0);
  });
  it("allows replies only above the depth setting", () => {
    expect(canReplyAt(4, 5)).toBe(true);
    expect(canReplyAt(5, 5)).toBe(false);
    expect(canReplyAt(1, 1)).toBe(false);
  });
});

describe("isFlood", () => {
  it("refuses a second comment within 15 seconds", () => {
    const now = 1_000_000;
    expect(isFlood(null, now)).toBe(false);
    expect(isFlood(now - 14_999, now)).toBe(true);
    expect(isFlood(now - 15_000, now)).toBe(false);
  });
});

describe("autolink", () => {
  it("links http(s) URLs and leaves everything else as text", () => {
    expect(autolink("see https://example.org/a?b=1, then (http://x.example/wiki_(y)) ok.")).toEqual([
      { type: "text", text: "see " },
      { type: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { type: "text", text: ", then (" },
      { type: "link", text: "http://x.example/wiki_(y)", href: "http://x.example/wiki_(y)" },
      { type: "text", text: ") ok." },
    ]);
  });
  it("never turns other schemes or markup into links", () => {
    const segments = autolink('javascript:alert(1) <a href="data:x">x</a> <img src=x onerror=alert(1)>');
    expect(segments).toEqual([
      { type: "text", text: 'javascript:alert(1) <a href="data:x">x</a> <img src=x onerror=alert(1)>' },
    ]);
  });
  it("splits paragraphs on blank lines and keeps single line breaks", () => {
    expect(paragraphs("one\ntwo\r\n\r\n\n three\n\n")).toEqual([["one", "two"], [" three"]]);
  });
});

describe("clientIpFrom", () => {
  it("reads only the edge's header, never X-Forwarded-For", () => {
    expect(clientIpFrom(new Headers({ "x-newsroom-client-ip": "198.51.100.1" }))).toBe("198.51.100.1");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBe("");
    expect(clientIpFrom(new Headers())).toBe("");
  });
});

describe("commenter cookies", () => {
  const secret = "test-secret";
  it("round-trips signed pending ids", () => {
    expect(verifyPendingIds(signPendingIds([3, 9], secret), secret)).toEqual([3, 9]);
  });
  it("rejects a tampered, foreign, malformed or expired cookie", () => {
    const value = signPendingIds([3], secret);
    const [payload, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ ids: [1, 2, 3], exp: Date.now() + 1e9 })).toString("base64url");
    expect(verifyPendingIds(`${forged}.${mac}`, secret)).toEqual([]);
    // The first character carries six whole bits of the MAC (the last one has spare bits).
    expect(verifyPendingIds(`${payload}.${mac[0] === "A" ? "B" : "A"}${mac.slice(1)}`, secret)).toEqual([]);
    expect(verifyPendingIds(value, "another-secret")).toEqual([]);
    expect(verifyPendingIds("garbage", secret)).toEqual([]);
    expect(verifyPendingIds(undefined, secret)).toEqual([]);
    expect(verifyPendingIds(signPendingIds([3], secret, Date.now() - 4 * DAY), secret)).toEqual([]);
  });
  it("are signed with the same secret as sessions, whichever of its two names is set", () => {
    vi.stubEnv("AUTH_SECRET", "");
    vi.stubEnv("NEXTAUTH_SECRET", "from-nextauth-name");
    expect(commentCookieSecret()).toBe("from-nextauth-name");
    vi.stubEnv("AUTH_SECRET", "from-auth-name");
    expect(commentCookieSecret()).toBe("from-auth-name");
    vi.unstubAllEnvs();
  });
  it("keeps only the newest ids", () => {
    const ids = Array.from({ length: PENDING_MAX_IDS + 5 }, (_, i) => i + 1);
    expect(verifyPendingIds(signPendingIds(ids, secret), secret)).toEqual(ids.slice(-PENDING_MAX_IDS));
  });
  it("round-trips the remembered author and ignores junk", () => {
    const author = { name: "Ayşe <Demir>", email: "ayse@example.org", url: "https://example.org/" };
    expect(decodeRemembered(encodeRemembered(author))).toEqual(author);
    expect(decodeRemembered("not-base64-json")).toBeNull();
    expect(decodeRemembered(undefined)).toBeNull();
  });
});
