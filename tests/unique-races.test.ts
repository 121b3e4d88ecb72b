import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { articles, users } from "@/db/schema";
import { idleState } from "@/lib/actions/state";
import { saveArticle } from "@/lib/data/admin-articles";
import { createUser, createUserUnlessEmailTaken } from "@/lib/data/users";
import { makeArticle } from "./support/factories";
import { signInAs } from "./support/session";

// Two requests that both checked a slug or an email was free, then both wrote: the unique index
// refuses the second, which must come back as the form's field error, not a 500.
vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const { saveArticleAction } = await import("@/lib/actions/articles");
const { createUserAction } = await import("@/lib/actions/users");

function articleForm(values: Record<string, string>): FormData {
  const f = new FormData();
  const all = { headline: "H", slug: "", dek: "", dateline: "", body: "B", sectionId: "", tags: "", status: "draft" };
  for (const [k, v] of Object.entries({ ...all, publishedAt: "", commentsOpen: "on", correction: "", ...values }))
    f.append(k, v);
  for (const k of ["featureImageAlt", "featureImageCaption", "featureImageCredit"]) f.append(k, "");
  return f;
}

const settle = (p: Promise<unknown>) =>
  p.then(
    (state) => ({ state }),
    (error: { url?: string }) => (error.url ? { redirected: error.url } : { thrown: error }),
  );

describe("a slug taken between the check and the write", () => {
  it("saveArticle reports it instead of throwing, and writes nothing", async () => {
    const existing = await makeArticle({ slug: "harbour-fire" });
    const editor = await createUser({ email: "race-ed@example.com", name: "Race", role: "editor", passwordHash: "x" });
    const write = {
      headline: "Harbour fire, again",
      slug: "harbour-fire",
      dek: "",
      dateline: "",
      body: "",
      sectionId: null,
      tagNames: ["Fresh tag from a failed save"],
      authorIds: [],
      featureImagePath: null,
      featureImageAlt: "",
      featureImageCaption: "",
      featureImageCredit: "",
      correction: "",
      commentStatus: "open" as const,
      status: "draft" as const,
      publishedAt: null,
    };
    expect(await saveArticle(null, write, editor.id)).toBe("slug-taken");
    const other = await makeArticle();
    expect(await saveArticle(other.id, write, editor.id)).toBe("slug-taken");
    expect((await db.select().from(articles).where(eq(articles.slug, "harbour-fire"))).map((a) => a.id)).toEqual([
      existing.id,
    ]);
  });

  it("two editors saving new stories with the same slug at once: one is saved, the other gets the slug error", async () => {
    const editor = await createUser({
      email: "race-ed2@example.com",
      name: "Race 2",
      role: "editor",
      passwordHash: "x",
    });
    signInAs({ id: editor.id, email: editor.email, name: editor.name, role: "editor" });
    const results = await Promise.all(
      ["First", "Second", "Third"].map((headline) =>
        settle(saveArticleAction(idleState, articleForm({ headline, slug: "same-slug-at-once" }))),
      ),
    );
    expect(results.filter((r) => "thrown" in r)).toEqual([]);
    expect(results.filter((r) => "redirected" in r)).toHaveLength(1);
    for (const r of results.filter((r) => "state" in r))
      expect(r).toMatchObject({
        state: { status: "error", fieldErrors: { slug: ["Another article already uses this slug."] } },
      });
    expect(await db.select().from(articles).where(eq(articles.slug, "same-slug-at-once"))).toHaveLength(1);
  });
});

describe("an email taken between the check and the write", () => {
  it("createUserUnlessEmailTaken answers null for a taken address", async () => {
    await createUser({ email: "taken@example.com", name: "First", role: "author", passwordHash: "x" });
    expect(
      await createUserUnlessEmailTaken({
        email: "taken@example.com",
        name: "Second",
        role: "author",
        passwordHash: "x",
      }),
    ).toBe(null);
  });

  it("two administrators adding the same email at once: one user, and the email field error for the other", async () => {
    const admin = await createUser({
      email: "race-admin@example.com",
      name: "Admin",
      role: "administrator",
      passwordHash: "x",
    });
    signInAs({ id: admin.id, email: admin.email, name: admin.name, role: "administrator" });
    const add = (name: string) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({
        name,
        email: "Twin@Example.com",
        role: "author",
        password: "long enough pw",
      }))
        f.append(k, v);
      return settle(createUserAction(idleState, f));
    };
    const results = await Promise.all([add("Twin One"), add("Twin Two")]);
    expect(results.filter((r) => "thrown" in r)).toEqual([]);
    const states = results.map((r) => ("state" in r ? r.state : null)) as { status: string }[];
    expect(states.map((s) => s.status).sort()).toEqual(["error", "ok"]);
    expect(states.find((s) => s.status === "error")).toMatchObject({
      fieldErrors: { email: ["A user with this email already exists."] },
    });
    expect(await db.select().from(users).where(eq(users.email, "twin@example.com"))).toHaveLength(1);
  });
});
