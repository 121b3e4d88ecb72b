import http from "node:http";

// Posts comments the way a browser without JavaScript does: the article's "Leave a Reply" form, its
// hidden server-action fields included, sent as multipart/form-data. Used by `npm run bench` to
// measure intake; each post speaks from its own client IP (the server must run with TRUST_PROXY=1),
// so the flood rule, which is per client, lets every one through.

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', "#x27": "'", "#39": "'", lt: "<", gt: ">" };
const decode = (value: string) => value.replace(/&(amp|quot|#x27|#39|lt|gt);/g, (_, name: string) => ENTITIES[name]);

/**
 * One request on a connection of its own, as from a separate browser (and never on a kept-alive
 * socket the server may be closing); the status, or null when no answer came.
 */
function send(url: string, init: { method: string; headers: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; body: string } | null>((resolve) => {
    const request = http.request(url, { method: init.method, headers: init.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on("error", () => resolve(null));
    });
    request.on("error", () => resolve(null));
    request.end(init.body);
  });
}

/** The hidden inputs of the article's reply form (the server action's reference, the article id). */
export async function replyFormFields(articleUrl: string): Promise<[string, string][]> {
  const html = (await send(articleUrl, { method: "GET", headers: {} }))?.body ?? "";
  const form = /<form[^>]*aria-labelledby="reply-title"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error(`${articleUrl} has no reply form`);
  return [...form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].flatMap(([input]) => {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    return name ? [[decode(name), decode(/value="([^"]*)"/.exec(input)?.[1] ?? "")] as [string, string]] : [];
  });
}

export type IntakeResult = { acknowledged: number; refused: number; failed: number; seconds: number };

/**
 * `count` posts, all in flight at once; a post is acknowledged when the action answers with its
 * redirect to the new comment (303), refused on any other answer, failed when no answer came.
 */
export async function postComments(
  articleUrl: string,
  count: number,
  marker: string,
  /** Where this run's client IPs start (a run with others before it speaks from its own). */
  firstClient = 0,
): Promise<IntakeResult> {
  const hidden = await replyFormFields(articleUrl);
  const origin = new URL(articleUrl).origin;
  // Each browser encodes its own form: made before the clock starts, as wrk makes its requests, so the
  // figure is the server's work and not this process's encoding on the same cores.
  const posts = await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const i = firstClient + n;
      const form = new FormData();
      for (const [name, value] of hidden) form.append(name, value);
      form.append("comment", `${marker} ${i}: a comment posted without JavaScript.`);
      form.append("author", `Reader ${i}`);
      form.append("email", `${marker}-${i}@example.org`);
      form.append("url", "");
      const encoded = new Response(form);
      return {
        method: "POST",
        body: Buffer.from(await encoded.arrayBuffer()),
        headers: {
          "content-type": encoded.headers.get("content-type")!,
          // What a browser sends with a form post; Next checks it against the host.
          origin,
          "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
      };
    }),
  );
  const started = performance.now();
  const outcomes = await Promise.all(
    posts.map(async (post) => {
      const answer = await send(articleUrl, post);
      if (!answer) return "failed";
      return answer.status === 303 ? "acknowledged" : "refused";
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const tally = (outcome: string) => outcomes.filter((o) => o === outcome).length;
  return { acknowledged: tally("acknowledged"), refused: tally("refused"), failed: tally("failed"), seconds };
}
