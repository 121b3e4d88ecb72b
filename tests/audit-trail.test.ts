import { beforeAll, describe, expect, it, vi } from "vitest";
import { idleState } from "@/lib/actions/state";
import { hashPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/roles";
import { AUDIT_PAGE_SIZE, insertAuditEntry, listAuditEntries, pruneAuditEntries } from "@/lib/data/audit";
import { listSubscribers } from "@/lib/data/subscribers";
import { createUser } from "@/lib/data/users";
import { makeArticle } from "./support/factories";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-newsroom-client-ip": "203.0.113.44" }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const {
  saveArticleAction: postArticleForm,
  unpublishArticleAction,
  trashArticleAction,
  restoreArticleAction,
  deleteArticleAction,
} = await import("@/lib/actions/articles");
const { withCurrentVersion } = await import("./support/versioned-save");
const saveArticleAction = async (...[prev, form]: Parameters<typeof postArticleForm>) =>
  postArticleForm(prev, await withCurrentVersion(form));
const { changeRoleAction, createUserAction } = await import("@/lib/actions/users");
const { authenticate } = await import("@/lib/auth/credentials");
const integrations = await import("@/lib/actions/integrations");
const frontPage = await import("@/lib/actions/front-page");
const live = await import("@/lib/actions/live");
const review = await import("@/lib/actions/review");
const subscribers = await import("@/lib/actions/subscribers");
const subscriberExport = await import("@/app/admin/subscribers/export/route");

let admin: SessionUser;

beforeAll(async () => {
  const u = await createUser({
    email: "audit-admin@example.com",
    name: "Audit Admin",
    role: "administrator",
    passwordHash: await hashPassword("audit admin password 1"),
  });
  admin = { id: u.id, email: u.email, name: u.name, role: u.role };
});

function fields(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

function articleForm(id: number, status: string): FormData {
  return fields({
    id: String(id),
    headline: `Audited story ${id}`,
    slug: "",
    dek: "",
    dateline: "",
    body: "Body.",
    sectionId: "",
    tags: "",
    status,
    publishedAt: "",
    commentsOpen: "on",
    correction: "",
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
  });
}

async function entriesFor(action: string, targetId?: string | number) {
  const { items } = await listAuditEntries({ action }, 1);
  return targetId === undefined ? items : items.filter((e) => e.targetId === String(targetId));
}

describe("the audit trail", () => {
  it("records publish, unpublish, trash, restore and delete with who, what and from where", async () => {
    signInAs(admin);
    const article = await makeArticle({ status: "draft", publishedAt: null });
    expect((await saveArticleAction(idleState, articleForm(article.id, "published"))).status).toBe("ok");
    expect((await unpublishArticleAction(idleState, fields({ id: String(article.id) }))).status).toBe("ok");
    expect((await trashArticleAction(idleState, fields({ id: String(article.id) }))).status).toBe("ok");
    expect((await restoreArticleAction(idleState, fields({ id: String(article.id) }))).status).toBe("ok");
    await trashArticleAction(idleState, fields({ id: String(article.id) }));
    expect((await deleteArticleAction(idleState, fields({ id: String(article.id) }))).status).toBe("ok");

    const [published] = await entriesFor("article.publish", article.id);
    expect(published).toMatchObject({
      actorId: admin.id,
      actorName: "Audit Admin",
      targetType: "article",
      summary: `Audited story ${article.id}`,
      ip: "203.0.113.44",
    });
    expect(Math.abs(published.at - Date.now())).toBeLessThan(60_000);
    for (const action of ["article.unpublish", "article.restore", "article.delete"])
      expect(await entriesFor(action, article.id), action).toHaveLength(1);
    expect(await entriesFor("article.trash", article.id)).toHaveLength(2);
  });

  it("records user creation and role changes, never the password", async () => {
    signInAs(admin);
    const created = await createUserAction(
      idleState,
      fields({
        name: "New Hire",
        email: "audit-new@example.com",
        role: "contributor",
        password: "secret pass phrase 77",
      }),
    );
    expect(created.status).toBe("ok");
    const [entry] = (await entriesFor("user.create")).filter((e) => e.summary.startsWith("New Hire"));
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain("secret pass phrase 77");
    expect((await changeRoleAction(idleState, fields({ id: entry.targetId, role: "editor" }))).status).toBe("ok");
    expect((await entriesFor("user.role", entry.targetId))[0]).toMatchObject({ summary: "Role changed to editor" });
  });

  it("records keys, webhooks, the front page, the Breaking banner, live coverage and review decisions", async () => {
    signInAs(admin);
    const key = await integrations.createApiKeyAction(
      idleState,
      fields({ name: "Wire desk", kind: "admin", role: "author" }),
    );
    expect(key.status).toBe("ok");
    const [created] = await entriesFor("api-key.create");
    expect(created).toMatchObject({ actorId: admin.id, summary: "Wire desk (Admin, author)" });
    // The key itself is shown once to the administrator and never written down.
    expect(JSON.stringify(await entriesFor("api-key.create"))).not.toContain((key as { secret: string }).secret);
    await integrations.revokeApiKeyAction(idleState, fields({ id: created.targetId }));
    expect(await entriesFor("api-key.revoke", created.targetId)).toHaveLength(1);

    const hookForm = fields({ name: "Partner", url: "https://partner.example/hooks?token=s3cret" });
    hookForm.append("events", "story.published");
    expect((await integrations.createWebhookAction(idleState, hookForm)).status).toBe("ok");
    const [hook] = await entriesFor("webhook.create");
    // The host only: a token in the receiver's address is not copied into the trail.
    expect(hook.summary).toBe("Partner: partner.example (story.published)");
    await integrations.setWebhookActiveAction(idleState, fields({ id: hook.targetId, active: "false" }));
    await integrations.deleteWebhookAction(idleState, fields({ id: hook.targetId }));
    for (const action of ["webhook.disable", "webhook.delete"])
      expect(await entriesFor(action, hook.targetId), action).toHaveLength(1);

    const story = await makeArticle();
    const pin = await frontPage.pinArticleAction(idleState, fields({ articleId: String(story.id), slot: "lead" }));
    expect(pin.status).toBe("ok");
    await frontPage.removePickAction(idleState, fields({ articleId: String(story.id) }));
    expect(await entriesFor("front-page.pin", story.id)).toHaveLength(1);
    expect(await entriesFor("front-page.remove", story.id)).toHaveLength(1);
    await frontPage.setBreakingBannerAction(idleState, fields({ text: "Bridge closed", url: "/world" }));
    await frontPage.clearBreakingBannerAction(idleState, fields({}));
    expect((await entriesFor("breaking.raise"))[0]).toMatchObject({ summary: "Bridge closed" });
    expect(await entriesFor("breaking.clear")).not.toHaveLength(0);

    await live.setLiveCoverageAction(idleState, fields({ articleId: String(story.id), live: "on" }));
    await live.setLiveCoverageAction(idleState, fields({ articleId: String(story.id), live: "off" }));
    expect(await entriesFor("live.start", story.id)).toHaveLength(1);
    expect(await entriesFor("live.end", story.id)).toHaveLength(1);

    const pending = await makeArticle({ status: "pending", publishedAt: null });
    const sent = await review.sendBackArticleAction(
      idleState,
      fields({ id: String(pending.id), note: "Source the quote." }),
    );
    expect(sent.status).toBe("ok");
    expect((await entriesFor("article.send-back", pending.id))[0]).toMatchObject({ summary: "Source the quote." });
  });

  it("records subscriber imports, exports and deletions, never an address", async () => {
    signInAs(admin);
    const addresses = ["audit-reader-1@private.example", "audit-reader-2@private.example"];
    const form = fields({ source: "Old list", confirmed: "on" });
    form.append("file", new File([`email\n${addresses.join("\n")}\n`], "list.csv", { type: "text/csv" }));
    expect(await subscribers.importSubscribersAction(idleState, form)).toMatchObject({ status: "ok" });
    expect((await entriesFor("subscribers.import"))[0]).toMatchObject({
      actorId: admin.id,
      summary: "2 rows from Old list, as already confirmed: 2 added, 0 updated",
    });

    const csv = await (await subscriberExport.GET()).text();
    expect(csv).toContain(addresses[0]);
    expect((await entriesFor("subscribers.export"))[0]).toMatchObject({ actorId: admin.id });

    const { items } = await listSubscribers(addresses[1], null);
    expect(await subscribers.deleteSubscriberAction(idleState, fields({ id: String(items[0].id) }))).toMatchObject({
      status: "ok",
    });
    expect(await entriesFor("subscriber.delete", items[0].id)).toHaveLength(1);
    const trail = JSON.stringify((await listAuditEntries({}, 1)).items);
    for (const address of addresses) expect(trail).not.toContain(address);
  });

  it("records sign-in successes and failures with the address, the failure with the email tried", async () => {
    expect((await authenticate("audit-admin@example.com", "audit admin password 1", "198.51.100.7")).ok).toBe(true);
    expect((await authenticate("audit-admin@example.com", "wrong guess 1", "198.51.100.8")).ok).toBe(false);
    expect((await authenticate("nobody-audit@example.com", "wrong guess 2", "198.51.100.9")).ok).toBe(false);
    const success = (await entriesFor("sign-in.success")).find((e) => e.ip === "198.51.100.7");
    expect(success).toMatchObject({ actorId: admin.id, actorEmail: "audit-admin@example.com" });
    const failures = await entriesFor("sign-in.failure");
    expect(failures.find((e) => e.ip === "198.51.100.8")).toMatchObject({ actorId: admin.id });
    expect(failures.find((e) => e.ip === "198.51.100.9")).toMatchObject({
      actorId: null,
      actorEmail: "nobody-audit@example.com",
      summary: "unknown email",
    });
    expect(JSON.stringify(failures)).not.toContain("wrong guess");
  });

  it("filters by person, action and dates, pages newest first, and prunes entries past the retention", async () => {
    const day = 24 * 60 * 60_000;
    const base = Date.UTC(2020, 0, 1);
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++)
      await insertAuditEntry({
        actorId: 990_001,
        actorName: "Filter Person",
        actorEmail: "filter@example.com",
        action: i % 2 ? "settings.update" : "comments.moderate",
        at: base + i * day,
      });
    const mine = await listAuditEntries({ actorId: 990_001 }, 1);
    expect(mine.total).toBe(AUDIT_PAGE_SIZE + 3);
    expect(mine.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(mine.items[0].at).toBe(base + (AUDIT_PAGE_SIZE + 2) * day);
    expect((await listAuditEntries({ actorId: 990_001 }, 2)).items).toHaveLength(3);
    const settings = await listAuditEntries({ actorId: 990_001, action: "settings.update" }, 1);
    expect(settings.items.every((e) => e.action === "settings.update")).toBe(true);
    const window = await listAuditEntries({ actorId: 990_001, from: base + 10 * day, to: base + 13 * day }, 1);
    expect(window.items.map((e) => e.at)).toEqual([12, 11, 10].map((n) => base + n * day));

    const now = base + (AUDIT_PAGE_SIZE + 2) * day + 365 * day;
    expect(await pruneAuditEntries(365, now)).toBe(AUDIT_PAGE_SIZE + 2);
    expect((await listAuditEntries({ actorId: 990_001 }, 1)).total).toBe(1);
  });
});
