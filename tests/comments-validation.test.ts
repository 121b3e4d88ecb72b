import { describe, expect, it } from "vitest";
import {
  COMMENT_LIMITS,
  COMMENT_MESSAGES,
  CommentInput,
  commentFieldErrors,
  commentFormErrors,
  commentFormInput,
  commentFormValues,
  HONEYPOT_FIELD,
} from "@/lib/validation/comment";

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({
    articleId: "1",
    comment: "Hello",
    author: "Ayşe",
    email: "ayse@example.org",
    url: "",
    ...values,
  })) {
    fd.set(k, v);
  }
  return fd;
}

// What postCommentAction does with a posted form before any rule runs.
function parseCommentForm(fd: FormData) {
  const parsed = CommentInput.safeParse(commentFormInput(fd));
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, ...commentFormErrors(parsed.error) };
}

function errorsOf(values: Record<string, string>) {
  const result = parseCommentForm(form(values));
  if (result.ok || !("fieldErrors" in result)) throw new Error("expected errors");
  return commentFieldErrors(result.fieldErrors);
}

describe("the comment form's validation", () => {
  it("accepts a valid comment, trims it and lower-cases the email", () => {
    const result = parseCommentForm(
      form({ comment: "  Hi\r\nthere  ", email: " Ayse@Example.ORG ", remember: "on", parentId: "" }),
    );
    expect(result).toMatchObject({
      ok: true,
      data: {
        articleId: 1,
        parentId: null,
        comment: "Hi\nthere",
        email: "ayse@example.org",
        remember: true,
        [HONEYPOT_FIELD]: "",
      },
    });
  });

  it("requires name and email", () => {
    expect(errorsOf({ author: "  ", email: "" })).toEqual({
      author: COMMENT_MESSAGES.required,
      email: COMMENT_MESSAGES.required,
    });
  });

  it("rejects a bad email", () => {
    expect(errorsOf({ email: "not-an-email" })).toEqual({ email: COMMENT_MESSAGES.invalidEmail });
  });

  it("requires comment text", () => {
    expect(errorsOf({ comment: " \n " })).toEqual({ comment: COMMENT_MESSAGES.emptyComment });
  });

  it("enforces every length limit", () => {
    expect(errorsOf({ comment: "x".repeat(COMMENT_LIMITS.comment + 1) })).toEqual({
      comment: COMMENT_MESSAGES.commentTooLong,
    });
    expect(errorsOf({ author: "x".repeat(COMMENT_LIMITS.author + 1) })).toEqual({
      author: COMMENT_MESSAGES.nameTooLong,
    });
    expect(errorsOf({ email: `${"x".repeat(COMMENT_LIMITS.email)}@example.org` })).toEqual({
      email: COMMENT_MESSAGES.emailTooLong,
    });
    expect(errorsOf({ url: `https://example.org/${"x".repeat(COMMENT_LIMITS.url)}` })).toEqual({
      url: COMMENT_MESSAGES.urlTooLong,
    });
    expect(parseCommentForm(form({ comment: "x".repeat(COMMENT_LIMITS.comment) })).ok).toBe(true);
  });

  it("accepts only http(s) websites, adding http:// to a bare domain", () => {
    expect(errorsOf({ url: "javascript:alert(1)" })).toEqual({ url: COMMENT_MESSAGES.invalidUrl });
    expect(errorsOf({ url: "ftp://example.org" })).toEqual({ url: COMMENT_MESSAGES.invalidUrl });
    expect(parseCommentForm(form({ url: "example.org/me" }))).toMatchObject({
      ok: true,
      data: { url: "http://example.org/me" },
    });
    expect(parseCommentForm(form({ url: "https://example.org" }))).toMatchObject({
      ok: true,
      data: { url: "https://example.org/" },
    });
  });

  it("treats missing fields as empty", () => {
    const result = parseCommentForm(new FormData());
    expect(result).toEqual({
      ok: false,
      message: COMMENT_MESSAGES.invalid,
      fieldErrors: {
        comment: [COMMENT_MESSAGES.emptyComment],
        author: [COMMENT_MESSAGES.required],
        email: [COMMENT_MESSAGES.required],
      },
    });
  });

  it("reports a tampered article id as a form error", () => {
    const result = parseCommentForm(form({ articleId: "abc" }));
    expect(result).toEqual({ ok: false, fieldErrors: {}, message: COMMENT_MESSAGES.invalid });
  });

  it("says the first field's problem as the post's message, as WordPress reports one error", () => {
    expect(parseCommentForm(form({ comment: "", email: "nope" }))).toMatchObject({
      message: COMMENT_MESSAGES.emptyComment,
    });
  });

  it("puts back what was typed, the checkbox included", () => {
    expect(commentFormValues({ comment: "Hi", author: "A", email: "a@example.org", remember: "on" })).toEqual({
      comment: "Hi",
      author: "A",
      email: "a@example.org",
      url: "",
      remember: true,
    });
    expect(commentFormValues(undefined).remember).toBe(false);
  });
});
