import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { signIn, zonedInputValue } from "./pages/admin-session";
import { ISTANBUL_SLUG } from "./pages/article-page";
import { OWN_ADMIN, prepareOwnSite, type OwnServer, type OwnSite } from "./support/own-server";

// Two production servers behind an imaginary load balancer, as README "Running on more than one
// machine" sets them up: one PostgreSQL database and one Redis prefix, prepared once, then both
// instances started on them. What an editor changes on one is what anonymous readers of the other see,
// through its store of finished pages, its page cache and the shared one, and live updates through the
// bus's live channel; comments posted to both at once are each stored once, also when one instance dies
// under them. Runs when both TEST_DATABASE_URL and TEST_REDIS_URL are set (playwright.config.ts).
test.describe.configure({ mode: "serial", timeout: 120_000 });

// What issue 14 asks of a change made on one instance: readers of the other see it within a second.
const SEEN_WITHIN_MS = 1_000;
// The schedule sweep runs once a second on each instance; its tick may fall just before the due time.
const SCHEDULED_WITHIN_MS = 2_000;
const IN_FLIGHT = 100;

let site: OwnSite;
let a: OwnServer;
let b: OwnServer;
const stamp = randomUUID().slice(0, 8);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Behind a balancer: X-Forwarded-For names the client, so the flood rule counts each reader apart.
  site = await prepareOwnSite([1, 2], { TRUST_PROXY: "1" });
  [a, b] = site.instances;
});

test.afterAll(async () => {
  await site?.remove();
});

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: site.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** An anonymous reader's request answered from the instance's store of finished pages. */
async function hit(reader: APIRequestContext, path: string) {
  let body = "";
  await expect(async () => {
    const response = await reader.get(path);
    expect(response.headers()["x-newsroom-cache"]).toBe("hit");
    body = await response.text();
  }).toPass({ timeout: 15_000 });
  return body;
}

/**
 * How long after `since` the reader's page first says `text`, until the answer arrived (its render
 * included). Fails when a request sent `within` or later after `since` still gets the page without it:
 * every reader who comes that long after the change sees it, however busy the machine is rendering.
 */
async function seenAfter(
  reader: APIRequestContext,
  path: string,
  text: string,
  since: number,
  within = SEEN_WITHIN_MS,
) {
  while (!(await (await reader.get(path)).text()).includes(text)) {
    expect(Date.now() - since, `${path} still without "${text}"`).toBeLessThan(within);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - since;
}

async function save(editor: ArticleEditorPage, button: string, toast: string) {
  await editor.submit(button);
  await editor.expectToast(toast);
  return Date.now();
}

async function editorOn(browser: Browser, own: OwnServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: own.base });
  const page = await context.newPage();
  await signIn(page, OWN_ADMIN);
  return page;
}

// ---- The comment form as a browser without JavaScript posts it -------------------------------------

type CommentForm = { slug: string; articleId: number; fields: [string, string][] };

/** The fields a browser without JavaScript sends from the article's reply form, server action ones included. */
async function readCommentForm(browser: Browser, own: OwnServer, slug: string): Promise<CommentForm> {
  const context = await browser.newContext({ baseURL: own.base, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/articles/${slug}`);
  const form = page.getByRole("form", { name: /^Leave a Reply/ });
  expect(await form.getAttribute("method")).toMatch(/^post$/i);
  expect(await form.getAttribute("enctype")).toBe("multipart/form-data");
  const fields = await form.evaluate((element: HTMLFormElement) =>
    [...new FormData(element)].map(([name, value]) => [name, String(value)] as [string, string]),
  );
  await context.close();
  const articleId = Number(fields.find(([name]) => name === "articleId")?.[1]);
  expect(articleId).toBeGreaterThan(0);
  expect(fields.some(([name]) => name.startsWith("$ACTION_"))).toBe(true);
  return { slug, articleId, fields };
}

type Outcome =
  /** 303 to the new comment: the server says it is stored. */
  | { kind: "acknowledged"; id: number }
  | { kind: "refused"; status: number; location: string }
  /** No answer: the connection was refused or cut. */
  | { kind: "socket"; code: string };

type Comment = { comment: string; author: string; email: string };

/** One no-JavaScript post of the form from client `ip` (X-Forwarded-For, as the balancer appends it). */
async function postComment(own: OwnServer, form: CommentForm, comment: Comment, ip: string): Promise<Outcome> {
  const body = new FormData();
  for (const [name, value] of form.fields) body.append(name, name in comment ? comment[name as keyof Comment] : value);
  let response: Response;
  try {
    response = await fetch(`${own.base}/articles/${form.slug}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { origin: own.base, "x-forwarded-for": ip },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: "socket", code: cause?.code ?? cause?.message ?? String(error) };
  }
  // The answer is in the status line and headers; a body cut off after them changes nothing.
  await response.arrayBuffer().catch(() => {});
  const location = response.headers.get("location") ?? "";
  const id = new RegExp(`^/articles/${form.slug}#comment-(\\d+)$`).exec(location)?.[1];
  return response.status === 303 && id
    ? { kind: "acknowledged", id: Number(id) }
    : { kind: "refused", status: response.status, location };
}

/** A client address of its own for post `i` of a run (the flood rule allows one comment per 15 s each). */
function clientIp(run: number, i: number): string {
  return `10.${run}.${i >> 8}.${i & 255}`;
}

type Post = { i: number; on: OwnServer; comment: Comment; startedAt: number; endedAt: number; outcome: Outcome };

/**
 * Posts `count` comments, post `i` to `target(i)`, at most IN_FLIGHT at once; `onAnswer` sees each
 * answer as it comes. Returns every post with its outcome and how many were in flight on both
 * instances at once at the most.
 */
async function postMany(
  count: number,
  target: (i: number) => OwnServer,
  comment: (i: number) => Comment,
  post: (own: OwnServer, c: Comment, i: number) => Promise<Outcome>,
  onAnswer: (p: Post) => void = () => {},
  // Awaited before each post is started: a test holds new posts back while something happens.
  beforePost: () => Promise<unknown> | undefined = () => undefined,
) {
  const posts: Post[] = [];
  const inFlight = new Map<OwnServer, number>([
    [a, 0],
    [b, 0],
  ]);
  let bothBusy = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, count) }, async () => {
      while (next < count) {
        await beforePost();
        if (next >= count) break;
        const i = next++;
        const on = target(i);
        const c = comment(i);
        inFlight.set(on, inFlight.get(on)! + 1);
        bothBusy = Math.max(bothBusy, Math.min(inFlight.get(a)!, inFlight.get(b)!));
        const startedAt = Date.now();
        const outcome = await post(on, c, i);
        inFlight.set(on, inFlight.get(on)! - 1);
        const done: Post = { i, on, comment: c, startedAt, endedAt: Date.now(), outcome };
        posts.push(done);
        onAnswer(done);
      }
    }),
  );
  return { posts: posts.sort((x, y) => x.i - y.i), bothBusy };
}

/** How many rows each body has, with their ids, for every comment whose body starts with `prefix`. */
async function storedByBody(prefix: string): Promise<Map<string, number[]>> {
  const rows = await sql<{ body: string; ids: number[] }>(
    "select body, array_agg(id order by id) as ids from comments where left(body, length($1)) = $1 group by body",
    [prefix],
  );
  return new Map(rows.map((row) => [row.body, row.ids.map(Number)]));
}

const byKind = (posts: Post[]) =>
  posts.reduce<Record<string, number>>((counts, p) => {
    const key = p.outcome.kind === "socket" ? `socket ${p.outcome.code}` : p.outcome.kind;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

// ---- Tests ---------------------------------------------------------------------------------------

test("an editor's change on one instance reaches anonymous readers of the other within 1 s", async ({
  browser,
  playwright,
}) => {
  // Cookies belong to the host, not the port: the editor's session works on both, as behind a balancer.
  const page = await editorOn(browser, a);
  const readerOfA = await playwright.request.newContext({ baseURL: a.base });
  const readerOfB = await playwright.request.newContext({ baseURL: b.base });
  const slug = `two-instances-${stamp}`;
  const headline = `Two instances ${stamp}`;

  // The section page is in B's store (and both caches) before the story exists.
  expect(await hit(readerOfB, "/world")).not.toContain(headline);

  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, slug, dek: "Across instances.", body: "Paragraph one.", section: "World" });
  await editor.status("Published").check();
  const published = await save(editor, "Publish", "Article created.");
  const id = await editor.articleId();
  const publishMs = await seenAfter(readerOfB, "/world", headline, published);
  expect(await hit(readerOfB, `/articles/${slug}`)).toContain(headline);

  // An edit on A: B's stored article and section pages give way.
  await page.goto(`/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (edited on A)` });
  const editedOnA = await save(editor, "Update", "Article updated.");
  const [editMs, sectionMs] = await Promise.all(
    [`/articles/${slug}`, "/world"].map((path) => seenAfter(readerOfB, path, `${headline} (edited on A)`, editedOnA)),
  );
  expect(await hit(readerOfB, `/articles/${slug}`)).toContain(`${headline} (edited on A)`);

  // And the other way round: A's reader had the page stored; the edit is saved on B.
  expect(await hit(readerOfA, `/articles/${slug}`)).toContain(`${headline} (edited on A)`);
  await page.goto(`${b.base}/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (edited on B)` });
  const editedOnB = await save(editor, "Update", "Article updated.");
  const backMs = await seenAfter(readerOfA, `/articles/${slug}`, `${headline} (edited on B)`, editedOnB);
  expect(await hit(readerOfA, `/articles/${slug}`)).toContain(`${headline} (edited on B)`);

  console.log(
    `two instances: publish seen on B after ${publishMs} ms; edit on A seen on B's article after ${editMs} ms, ` +
      `section ${sectionMs} ms; edit on B seen on A after ${backMs} ms`,
  );
  await page.context().close();
});

test("a comment held for moderation and approved by an editor on B appears to anonymous readers of A", async ({
  browser,
  playwright,
}) => {
  const form = await readCommentForm(browser, a, ISTANBUL_SLUG);
  const author = `Held ${stamp}`;
  const text = `Held on A, approved on B ${stamp}`;
  const posted = await postComment(
    a,
    form,
    { comment: text, author, email: `held-${stamp}@example.org` },
    "10.250.0.1",
  );
  expect(posted.kind).toBe("acknowledged");
  expect(await sql("select status from comments where body = $1", [text])).toEqual([{ status: "pending" }]);

  const readerOfA = await playwright.request.newContext({ baseURL: a.base });
  expect(await hit(readerOfA, `/articles/${ISTANBUL_SLUG}`)).not.toContain(text);

  const page = await editorOn(browser, b);
  await page.goto(`/admin/comments?article=${form.articleId}`);
  await page
    .getByRole("listitem", { name: `Comment by ${author}` })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(page.getByRole("status")).toContainText("Comment approved.");
  const approved = Date.now();
  const seenMs = await seenAfter(readerOfA, `/articles/${ISTANBUL_SLUG}`, text, approved);
  expect(await hit(readerOfA, `/articles/${ISTANBUL_SLUG}`)).toContain(text);
  console.log(`two instances: comment approved on B seen by A's readers after ${seenMs} ms`);
  await page.context().close();
});

test("a scheduled story appears on both instances within 2 s of its time", async ({ browser, playwright }) => {
  const page = await editorOn(browser, b);
  const readers = [a, b].map((own) => playwright.request.newContext({ baseURL: own.base }));
  const headline = `Scheduled on two ${stamp}`;

  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, slug: `scheduled-two-${stamp}`, body: "On time.", section: "World" });
  await editor.status("Scheduled").check();
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() + 24 * 3_600_000));
  await editor.submit("Schedule");
  const id = await editor.articleId();
  await editor.expectToast("Article created.");
  for (const reader of await Promise.all(readers)) expect(await hit(reader, "/world")).not.toContain(headline);

  // The form takes whole minutes; the clock is brought forward in the database instead (nothing is
  // invalidated by this write, as nothing is when a scheduled time simply arrives).
  const due = Date.now() + 3_000;
  await sql("update articles set published_at = $1 where id = $2", [due, id]);
  const [onA, onB] = await Promise.all(
    (await Promise.all(readers)).map((reader) => seenAfter(reader, "/world", headline, due, SCHEDULED_WITHIN_MS)),
  );
  console.log(`two instances: scheduled story seen on A ${onA} ms and on B ${onB} ms after its time`);
  await page.context().close();
});

test("a live update posted on A reaches a reader streaming from B within 2 s", async ({ browser }) => {
  // The story the first test wrote (serial: it exists); its live stream is served by each instance's hub,
  // and the update crosses through the bus's live channel in Redis.
  const [{ id }] = await sql<{ id: number }>("select id from articles where slug = $1", [`two-instances-${stamp}`]);
  const editor = await editorOn(browser, a);
  await editor.goto(`/admin/articles/${id}`);
  const toggle = editor.getByRole("switch", { name: "Live coverage" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  const reader = await (await browser.newContext({ baseURL: b.base })).newPage();
  const streaming = reader.waitForResponse((r) => r.url().includes(`/api/live/${id}/events`));
  await reader.goto(`/articles/two-instances-${stamp}`);
  expect((await streaming).status()).toBe(200);

  const form = editor.locator("form").filter({ has: editor.getByRole("button", { name: "Post update" }) });
  await form.getByRole("textbox", { name: "Update" }).fill("Posted on A, read on B.");
  const posted = Date.now();
  await form.getByRole("button", { name: "Post update" }).click();
  await expect(reader.getByRole("button", { name: "1 new update" })).toBeVisible({ timeout: 2_000 });
  console.log(`two instances: a live update posted on A shown on B after ${Date.now() - posted} ms`);
  await reader.getByRole("button", { name: "1 new update" }).click();
  await expect(reader.getByRole("list", { name: "Updates" })).toContainText("Posted on A, read on B.");
  await Promise.all([editor.context().close(), reader.context().close()]);
});

test("1,000 comments posted without JavaScript to both instances at once are each stored exactly once", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const COUNT = 1_000;
  const forms = new Map([
    [a, await readCommentForm(browser, a, "nairobi-solar-minigrids")],
    [b, await readCommentForm(browser, b, "nairobi-solar-minigrids")],
  ]);
  const prefix = `Flood ${stamp} #`;
  const started = Date.now();
  const { posts, bothBusy } = await postMany(
    COUNT,
    (i) => (i % 2 === 0 ? a : b),
    (i) => ({ comment: `${prefix}${i}`, author: `Reader ${i}`, email: `flood-${stamp}-${i}@example.net` }),
    (own, comment, i) => postComment(own, forms.get(own)!, comment, clientIp(1, i)),
  );
  const seconds = (Date.now() - started) / 1000;

  expect(byKind(posts)).toEqual({ acknowledged: COUNT });
  // Both instances had many posts in hand at the same moment.
  expect(bothBusy).toBeGreaterThanOrEqual(IN_FLIGHT / 4);
  const stored = await storedByBody(prefix);
  expect(stored.size).toBe(COUNT);
  for (const p of posts)
    expect(stored.get(p.comment.comment), p.comment.comment).toEqual([(p.outcome as { id: number }).id]);
  // Each under the address its client was given, whichever instance took it.
  const addresses = await sql<{ body: string; author_ip: string }>(
    "select body, author_ip from comments where left(body, length($1)) = $1",
    [prefix],
  );
  const sent = new Map(posts.map((p) => [p.comment.comment, clientIp(1, p.i)]));
  expect(addresses.filter((row) => sent.get(row.body) !== row.author_ip)).toEqual([]);
  console.log(
    `two instances: ${COUNT} no-JavaScript comment posts (${IN_FLIGHT} in flight, ${bothBusy} on each at once at most) ` +
      `acknowledged in ${seconds.toFixed(1)} s: ${(COUNT / seconds).toFixed(0)} accepted/s`,
  );
});

test("killing A mid-load loses no acknowledged comment, A's later posts fail at the socket, and B keeps serving", async ({
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const COUNT = 600;
  const KILL_AFTER = 100;
  const slug = "coral-reef-heat-survey";
  const forms = new Map([
    [a, await readCommentForm(browser, a, slug)],
    [b, await readCommentForm(browser, b, slug)],
  ]);
  const readerOfB = await playwright.request.newContext({ baseURL: b.base });
  const prefix = `Kill ${stamp} #`;

  let acknowledgedByA = 0;
  // When A is gone (no post starts between the signal and its exit, so what counts as sent after the
  // kill does not depend on how long the exit took), and what a reader of B got at that moment, with the
  // load still running.
  let gone: Promise<number> | undefined;
  let killed: Promise<{ at: number; readerOfB: { status: number; body: string } }> | undefined;
  const killA = async () => {
    gone = a.kill().then(() => Date.now());
    const at = await gone;
    const response = await readerOfB.get(`/articles/${slug}`);
    return { at, readerOfB: { status: response.status(), body: await response.text() } };
  };
  const { posts } = await postMany(
    COUNT,
    (i) => (i % 2 === 0 ? a : b),
    (i) => ({ comment: `${prefix}${i}`, author: `Reader ${i}`, email: `kill-${stamp}-${i}@example.net` }),
    (own, comment, i) => postComment(own, forms.get(own)!, comment, clientIp(2, i)),
    (p) => {
      if (p.on === a && p.outcome.kind === "acknowledged") acknowledgedByA++;
      if (acknowledgedByA >= KILL_AFTER && !killed) killed = killA();
    },
    () => gone,
  );
  const { at: killedAt, readerOfB: duringLoad } = await killed!;
  // B answered its reader while the load went on, and still does, from its store and by rendering.
  expect(duringLoad.status).toBe(200);
  expect(duringLoad.body).toContain("coral");
  expect((await readerOfB.get(`/articles/${slug}`)).status()).toBe(200);
  expect(await (await readerOfB.get(`/search?q=coral`)).text()).toContain("coral");

  const onA = posts.filter((p) => p.on === a);
  const onB = posts.filter((p) => p.on === b);
  const afterKill = onA.filter((p) => p.startedAt > killedAt);
  const cut = onA.filter((p) => p.startedAt <= killedAt && p.outcome.kind !== "acknowledged");
  // Mid-load: A had answered some, and posts still went to it (and to B) once it was gone.
  expect(afterKill.length).toBeGreaterThan(50);
  expect(onB.filter((p) => p.startedAt > killedAt).length).toBeGreaterThan(50);
  // Every post to B is acknowledged; none to A after its death is, nor gets any answer at all.
  expect(byKind(onB)).toEqual({ acknowledged: onB.length });
  expect(afterKill.filter((p) => p.outcome.kind !== "socket")).toEqual([]);
  for (const p of cut) expect(p.outcome.kind, JSON.stringify(p.outcome)).toBe("socket");

  // Every acknowledged comment is stored once, under the id it was acknowledged with; an unanswered
  // post cut off by the kill may or may not have been committed, but never twice.
  const stored = await storedByBody(prefix);
  const acknowledged = posts.filter((p) => p.outcome.kind === "acknowledged");
  for (const p of acknowledged)
    expect(stored.get(p.comment.comment), p.comment.comment).toEqual([(p.outcome as { id: number }).id]);
  for (const ids of stored.values()) expect(ids).toHaveLength(1);
  const storedUnanswered = cut.filter((p) => stored.has(p.comment.comment)).length;

  // And B keeps accepting comments after the load.
  const formOfB = forms.get(b)!;
  const late = await postComment(
    b,
    formOfB,
    { comment: `${prefix}late`, author: "Late", email: `late-${stamp}@example.net` },
    "10.250.0.2",
  );
  expect(late.kind).toBe("acknowledged");
  console.log(
    `two instances, A killed after ${acknowledgedByA} acknowledgements: A ${JSON.stringify(byKind(onA))}, ` +
      `B ${JSON.stringify(byKind(onB))}; ${cut.length} cut in flight (${storedUnanswered} of them committed), ` +
      `${afterKill.length} refused at the socket after the kill`,
  );
});
