import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { NextRequest } from "next/server";
import { db } from "@/db";
import { mailDeliveries, newsletterIssues, newsletterSubscribers, newsletterSubscriptions } from "@/db/schema";
import { idleState, type ActionState } from "@/lib/actions/state";
import { createUser } from "@/lib/data/users";
import { getSettingsUncached, saveSettings } from "@/lib/data/settings";
import { importSubscribers } from "@/lib/data/subscribers";
import { getJobByKey, listJobs } from "@/lib/data/jobs";
import { queueStoryNewsletter, scheduleBriefingJobs } from "@/lib/mail/issues";
import { runDueJobs } from "@/lib/jobs/runner";
import { createMailTransport, useMailTransport, type MailTransport } from "@/lib/mail/transport";
import { makeArticle, makeSection } from "./support/factories";
import { signInAs } from "./support/session";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

vi.mock("@/lib/auth/session", () => import("./support/session"));
// A temporary failure is retried at once (the job runner's backoff starts from this), within one run.
process.env.MAIL_RETRY_BASE_MS = "0";
let clientIp = "198.51.100.1";
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-newsroom-client-ip": clientIp }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));

const { SIGNUP_ANSWER } = await import("@/lib/mail/newsletters");
const { subscribeAction, confirmSubscriptionAction, manageSubscriptionAction } =
  await import("@/lib/actions/newsletter");
const { saveArticleAction: postArticleForm } = await import("@/lib/actions/articles");
const { withCurrentVersion } = await import("./support/versioned-save");
const saveArticleAction = async (...[prev, form]: Parameters<typeof postArticleForm>) =>
  postArticleForm(prev, await withCurrentVersion(form));
const { POST: oneClick } = await import("@/app/(site)/subscribe/unsubscribe/route");

let smtp: TestSmtp;
let transport: MailTransport;
let sectionSlug: string;
let n = 0;
const address = (name: string) => `${name}-${++n}-${Math.random().toString(36).slice(2, 6)}@example.org`;

function form(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

/** Every due job run: issues fan out and their emails are sent; retries come due at once. */
const send = () => runDueJobs();
const messagesTo = (to: string) => smtp.received.filter((r) => r.to === to);
const linkIn = (text: string, path: string) => {
  const found = text.match(new RegExp(`https?://[^\\s]+${path}\\?token=[^\\s]+`));
  if (!found) throw new Error(`no ${path} link in the mail`);
  return new URL(found[0]);
};
/** A header as sent (mailparser turns List-* headers into objects), folded lines joined. */
const header = (raw: string, name: string) => {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return head.match(new RegExp(`^${name}: (.*)$`, "im"))?.[1]?.trim();
};
const subscriberOf = async (email: string) =>
  (await db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, email)))[0];

beforeAll(async () => {
  smtp = await startTestSmtp();
  transport = createMailTransport(smtp.url)!;
  useMailTransport(transport);
  const section = await makeSection({ name: "World" });
  sectionSlug = section.slug;
  await saveSettings({
    ...(await getSettingsUncached()),
    newsletterSections: [section.slug],
    postalAddress: "1 Quay St, Istanbul",
  });
});

afterAll(async () => {
  transport.close();
  await smtp.close();
});

beforeEach(() => {
  smtp.answer.rcpt = undefined;
  smtp.answer.data = undefined;
  clientIp = `198.51.100.${++n % 250}`;
});

describe("subscribing with double opt-in", { timeout: 60_000 }, () => {
  it("subscribe → confirmation mail → link → confirmed, and only then newsletters", async () => {
    const email = address("reader");
    const result = await subscribeAction(idleState, form({ email, newsletters: ["daily", `section:${sectionSlug}`] }));
    expect(result).toMatchObject({ status: "ok", message: SIGNUP_ANSWER });
    expect((await subscriberOf(email)).status).toBe("pending");

    // A pending address receives no story.
    const early = await makeArticle({ sectionId: (await subscriberSection()).id });
    await queueStoryNewsletter(early.id, [`section:${sectionSlug}`], Date.now(), null);
    await send();
    const confirmation = messagesTo(email);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0].mail.subject).toMatch(/^Confirm your subscription/);
    expect(confirmation[0].mail.html).toContain("/subscribe/confirm?token=");
    expect(confirmation[0].mail.text).toContain("48 hours");

    const link = linkIn(confirmation[0].mail.text ?? "", "/subscribe/confirm");
    const token = link.searchParams.get("token")!;
    // A forged or altered token is refused.
    expect((await confirmSubscriptionAction(idleState, form({ token: token.slice(0, -2) + "xx" }))).status).toBe(
      "error",
    );
    expect(await confirmSubscriptionAction(idleState, form({ token }))).toMatchObject({ status: "ok" });
    const subscriber = await subscriberOf(email);
    expect(subscriber.status).toBe("confirmed");
    const lists = await db
      .select()
      .from(newsletterSubscriptions)
      .where(eq(newsletterSubscriptions.subscriberId, subscriber.id));
    expect(lists.map((l) => l.list).sort()).toEqual(["daily", `section:${sectionSlug}`]);
  });

  it("answers the same for a new, a pending and a confirmed address, and changes nothing before the link", async () => {
    const email = address("known");
    await importSubscribers([{ email, lists: ["daily"] }], { source: "test", confirmed: true });
    const again = await subscribeAction(idleState, form({ email, newsletters: [`section:${sectionSlug}`] }));
    const fresh = await subscribeAction(idleState, form({ email: address("new"), newsletters: ["daily"] }));
    expect(again.message).toBe(fresh.message);
    expect(again.status).toBe(fresh.status);
    const subscriber = await subscriberOf(email);
    const lists = await db
      .select()
      .from(newsletterSubscriptions)
      .where(eq(newsletterSubscriptions.subscriberId, subscriber.id));
    expect(lists.map((l) => l.list)).toEqual(["daily"]);
  });

  it("a filled honeypot stores nothing but answers as usual; a bad address or no newsletter is refused", async () => {
    const email = address("bot");
    expect(
      await subscribeAction(idleState, form({ email, newsletters: ["daily"], website: "http://spam" })),
    ).toMatchObject({
      status: "ok",
    });
    expect(await subscriberOf(email)).toBeUndefined();
    expect(
      (await subscribeAction(idleState, form({ email: "not-an-address", newsletters: ["daily"] }))).fieldErrors?.email,
    ).toBeDefined();
    expect(
      (await subscribeAction(idleState, form({ email, newsletters: ["section:nope"] }))).fieldErrors?.newsletters,
    ).toBeDefined();
  });

  it("limits signups per client address", async () => {
    clientIp = "203.0.113.77";
    const results: ActionState[] = [];
    for (let i = 0; i < 11; i++)
      results.push(await subscribeAction(idleState, form({ email: address("flood"), newsletters: ["daily"] })));
    expect(results.slice(0, 10).every((r) => r.status === "ok")).toBe(true);
    expect(results[10]).toMatchObject({ status: "error", message: expect.stringMatching(/Too many signups/) });
    clientIp = "203.0.113.78";
    expect((await subscribeAction(idleState, form({ email: address("other"), newsletters: ["daily"] }))).status).toBe(
      "ok",
    );
  });
});

async function subscriberSection() {
  return (await db.query.sections.findFirst({ where: (s, { eq: e }) => e(s.slug, sectionSlug) }))!;
}

describe("publishing with Send as newsletter", { timeout: 60_000 }, () => {
  it("sends exactly one email per confirmed subscriber, with both parts and the one-click headers", async () => {
    const confirmed = [address("a"), address("b"), address("c")];
    await importSubscribers(
      confirmed.map((email) => ({ email, lists: [`section:${sectionSlug}`] })),
      { source: "test", confirmed: true },
    );
    const pending = address("pending");
    await importSubscribers([{ email: pending, lists: [`section:${sectionSlug}`] }], {
      source: "test",
      confirmed: false,
    });
    const editorRow = await createUser({ email: address("editor"), name: "Ed", role: "editor", passwordHash: "x" });
    signInAs({ id: editorRow.id, email: editorRow.email, name: editorRow.name, role: editorRow.role });
    const section = await subscriberSection();
    const draft = await makeArticle({ status: "draft", publishedAt: null, sectionId: section.id });
    const publish = () =>
      saveArticleAction(
        idleState,
        form({
          id: String(draft.id),
          headline: "Ferries return to the Golden Horn",
          slug: draft.slug,
          dek: "Night crossings resume",
          dateline: "",
          body: "The **first** boat left at dawn. [More](/world).",
          sectionId: String(section.id),
          tags: "",
          status: "published",
          publishedAt: "",
          commentsOpen: "on",
          correction: "",
          featureImageAlt: "",
          featureImageCaption: "",
          featureImageCredit: "",
          sendAsNewsletter: "on",
        }),
      );
    expect((await publish()).status).toBe("ok");
    await send();
    for (const to of confirmed) {
      const got = messagesTo(to).filter((m) => m.mail.subject === "Ferries return to the Golden Horn");
      expect(got, to).toHaveLength(1);
      const { mail, raw } = got[0];
      expect(mail.html).toContain("<strong>first</strong>");
      expect(mail.html).toMatch(/href="https?:\/\/[^"]+\/world"/);
      expect(mail.text).toContain("1 Quay St, Istanbul");
      const unsubscribeHeader = String(header(raw, "List-Unsubscribe"));
      expect(unsubscribeHeader).toMatch(/^<https?:\/\/[^>]+\/subscribe\/unsubscribe\?token=[^>]+>$/);
      expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(mail.html).not.toContain("{{");
    }
    expect(messagesTo(pending).filter((m) => m.mail.subject === "Ferries return to the Golden Horn")).toHaveLength(0);

    // Saving again with the box ticked, and another round of the sender, send nothing more.
    const before = smtp.received.length;
    expect((await publish()).status).toBe("ok");
    await send();
    expect(smtp.received.length).toBe(before);
    const issues = await db.select().from(newsletterIssues).where(eq(newsletterIssues.articleId, draft.id));
    expect(issues).toHaveLength(1);
    expect(issues[0].state).toBe("done");
  });

  it("a scheduled story's newsletter waits until the story is live", async () => {
    const email = address("sched");
    await importSubscribers([{ email, lists: [`section:${sectionSlug}`] }], { source: "test", confirmed: true });
    const section = await subscriberSection();
    const at = Date.now() + 60 * 60_000;
    const story = await makeArticle({ status: "scheduled", publishedAt: at, sectionId: section.id });
    await queueStoryNewsletter(story.id, [`section:${sectionSlug}`], at, null);
    await send();
    expect(messagesTo(email)).toHaveLength(0);
    const [issue] = await db.select().from(newsletterIssues).where(eq(newsletterIssues.articleId, story.id));
    expect(issue.state).toBe("waiting");
    // Its fan-out job waits for the story, without spending an attempt.
    expect(await getJobByKey(`newsletter.issue:${issue.id}`)).toMatchObject({
      state: "queued",
      attempts: 0,
      runAt: at,
    });
  });

  it("the daily briefing is a job at the Settings time: sent once to its subscribers, the next day's queued", async () => {
    const email = address("briefing");
    await importSubscribers([{ email, lists: ["daily"] }], { source: "test", confirmed: true });
    await makeArticle({ headline: "Overnight: the bridge reopens" });
    const settings = await getSettingsUncached();
    const local = new Intl.DateTimeFormat("en-CA", {
      timeZone: settings.timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(Date.now());
    const part = (type: string) => local.find((p) => p.type === type)!.value;
    const today = `${part("year")}-${part("month")}-${part("day")}`;
    const briefingTime = `${part("hour")}:${part("minute")}`;
    await saveSettings({ ...settings, briefingTime });
    await scheduleBriefingJobs({ ...settings, briefingTime });
    await send();
    const briefings = messagesTo(email);
    expect(briefings).toHaveLength(1);
    expect(briefings[0].mail.html).toContain("Overnight: the bridge reopens");
    // A second start queues nothing new for today, and sends nothing more.
    await scheduleBriefingJobs({ ...settings, briefingTime });
    await send();
    expect(messagesTo(email)).toHaveLength(1);
    expect(await getJobByKey(`newsletter.briefing:${today}T${briefingTime}`)).toMatchObject({ state: "done" });
    const tomorrow = await listJobs({ kind: "newsletter.briefing", state: "queued" });
    expect(tomorrow.map((j) => j.key)).toContain(
      `newsletter.briefing:${new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T${briefingTime}`,
    );
  });
});

describe("unsubscribing", { timeout: 60_000 }, () => {
  it("the RFC 8058 one-click POST unsubscribes from every list without a page", async () => {
    const email = address("oneclick");
    await importSubscribers([{ email, lists: ["daily", `section:${sectionSlug}`] }], {
      source: "test",
      confirmed: true,
    });
    const story = await makeArticle({ sectionId: (await subscriberSection()).id });
    await queueStoryNewsletter(story.id, [`section:${sectionSlug}`], Date.now(), null);
    await send();
    const [mail] = messagesTo(email);
    const url = String(header(mail.raw, "List-Unsubscribe")).slice(1, -1);
    const response = await oneClick(
      new NextRequest(url, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(response.status).toBe(200);
    const subscriber = await subscriberOf(email);
    expect(subscriber.status).toBe("unsubscribed");
    expect(
      await db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.subscriberId, subscriber.id)),
    ).toEqual([]);
    // A forged token does nothing.
    const forged = await oneClick(
      new NextRequest(url.replace(/token=.{4}/, "token=AAAA"), { method: "POST", body: "List-Unsubscribe=One-Click" }),
    );
    expect(forged.status).toBe(400);

    const another = await makeArticle({ sectionId: (await subscriberSection()).id });
    await queueStoryNewsletter(another.id, [`section:${sectionSlug}`], Date.now(), null);
    await send();
    expect(messagesTo(email)).toHaveLength(1);
  });

  it("the manage page's link changes newsletters or unsubscribes", async () => {
    const email = address("manage");
    await importSubscribers([{ email, lists: ["daily"] }], { source: "test", confirmed: true });
    const story = await makeArticle({ sectionId: (await subscriberSection()).id });
    await queueStoryNewsletter(story.id, ["daily"], Date.now(), null);
    await send();
    const token = linkIn(messagesTo(email)[0].mail.text ?? "", "/subscribe/manage").searchParams.get("token")!;
    const subscriber = await subscriberOf(email);
    expect(
      await manageSubscriptionAction(
        idleState,
        form({ token, intent: "save", newsletters: [`section:${sectionSlug}`] }),
      ),
    ).toMatchObject({ status: "ok" });
    const lists = await db
      .select()
      .from(newsletterSubscriptions)
      .where(eq(newsletterSubscriptions.subscriberId, subscriber.id));
    expect(lists.map((l) => l.list)).toEqual([`section:${sectionSlug}`]);
    expect(await manageSubscriptionAction(idleState, form({ token, intent: "unsubscribe" }))).toMatchObject({
      status: "ok",
    });
    expect((await subscriberOf(email)).status).toBe("unsubscribed");
  });
});

describe("the rate", { timeout: 60_000 }, () => {
  it("MAIL_RATE_PER_SECOND caps the emails handed to the server each second", async () => {
    const emails = Array.from({ length: 11 }, () => address("paced"));
    await importSubscribers(
      emails.map((email) => ({ email, lists: ["section:paced"] })),
      { source: "test", confirmed: true },
    );
    const story = await makeArticle({});
    await queueStoryNewsletter(story.id, ["section:paced"], Date.now(), null);
    vi.stubEnv("MAIL_RATE_PER_SECOND", "5");
    const paced = createMailTransport(smtp.url)!;
    useMailTransport(paced);
    try {
      const started = performance.now();
      await send();
      // Eleven at five a second: the third five-message window opens two seconds after the first.
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
    } finally {
      useMailTransport(transport);
      paced.close();
      vi.unstubAllEnvs();
    }
    for (const email of emails) expect(messagesTo(email)).toHaveLength(1);
  });
});

describe("failures", { timeout: 60_000 }, () => {
  it("without an SMTP server, signups still work and their emails wait in the queue until there is one", async () => {
    const email = address("patient");
    useMailTransport(null);
    try {
      expect((await subscribeAction(idleState, form({ email, newsletters: ["daily"] }))).status).toBe("ok");
      await send();
      expect(messagesTo(email)).toHaveLength(0);
      const subscriber = await subscriberOf(email);
      const [row] = await db.select().from(mailDeliveries).where(eq(mailDeliveries.subscriberId, subscriber.id));
      expect(row).toMatchObject({ kind: "confirm", state: "queued", attempts: 0 });
      expect(await getJobByKey(`mail.send:delivery:${row.id}`)).toMatchObject({ state: "queued", attempts: 0 });
    } finally {
      useMailTransport(transport);
    }
    await send();
    expect(messagesTo(email)).toHaveLength(1);
  });

  it("a 5xx bounces the row; the third bounce stops sending to the address", async () => {
    const email = address("bouncer");
    await importSubscribers([{ email, lists: ["daily"] }], { source: "test", confirmed: true });
    smtp.answer.rcpt = (to) => (to === email ? { code: 550, message: "5.1.1 No such user" } : null);
    for (let i = 0; i < 4; i++) {
      const story = await makeArticle({});
      await queueStoryNewsletter(story.id, ["daily"], Date.now(), null);
      await send();
    }
    const subscriber = await subscriberOf(email);
    expect(subscriber.bounceCount).toBe(3);
    expect(subscriber.status).toBe("bouncing");
    const rows = await db.select().from(mailDeliveries).where(eq(mailDeliveries.subscriberId, subscriber.id));
    expect(rows.map((r) => r.state)).toEqual(["bounced", "bounced", "bounced"]);
    expect(rows.every((r) => !String(r.lastError).includes(email))).toBe(true);
    expect(messagesTo(email)).toHaveLength(0);
  });

  it("a 4xx is retried and then delivered once", async () => {
    const email = address("greylisted");
    await importSubscribers([{ email, lists: ["daily"] }], { source: "test", confirmed: true });
    let refusals = 2;
    smtp.answer.data = (to) =>
      to === email && refusals-- > 0 ? { code: 451, message: "4.7.1 Try again later" } : null;
    const story = await makeArticle({});
    await queueStoryNewsletter(story.id, ["daily"], Date.now(), null);
    await send();
    await send();
    await send();
    expect(messagesTo(email)).toHaveLength(1);
    const subscriber = await subscriberOf(email);
    const rows = await db
      .select()
      .from(mailDeliveries)
      .where(inArray(mailDeliveries.subscriberId, [subscriber.id]));
    expect(rows).toMatchObject([{ state: "sent", attempts: 3 }]);
  });
});
