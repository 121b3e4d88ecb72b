import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp, peerAddress } from "@/lib/edge/client-ip";
import { liveLoader, subscribeLive, type LiveLoader, type LiveMessage } from "@/lib/live/bus.mjs";

// The update stream hub: Server-Sent Events served by the edge (server.ts) without entering Next, so an
// open reader costs one socket and a few objects, not a render. Each change arrives once on the live bus
// (lib/live/bus.mjs), already rendered; the hub frames it once and writes the same bytes to every open
// stream of the story. A stream is one visitor's state: `no-store`, never kept by the edge or a proxy.

export const LIVE_STREAM_PATH = /^\/api\/live\/(\d{1,10})\/events(?:\?|$)/;

export type LiveHubOptions = {
  trustProxy: boolean;
  /** Open streams one client address may hold (an abusive client cannot hold unbounded connections). */
  maxPerClient: number;
  /** Headers every response carries (lib/edge/security-headers.ts). */
  headers?: [string, string][];
  /** The catch-up for a stream opened from an older moment; defaults to the one instrumentation.ts registers. */
  loader?: LiveLoader;
  heartbeatMs?: number;
};

type Frame = { at: number; bytes: Uint8Array };

type Room = {
  streams: Set<ServerResponse>;
  /** The story's changes since `since`, in order: a stream resuming from then needs nothing else. */
  recent: Frame[];
  since: number;
  live: boolean;
  /** Streams still reading their catch-up: the room must outlive them. */
  waiting: number;
  seeding: Promise<void> | null;
};

// Enough for a busy hour of a live blog; a stream resuming from longer ago is caught up from the database.
const RECENT_FRAMES = 256;
const SEED_WINDOW_MS = 60 * 60 * 1000;
// How long browsers wait before reconnecting: after a drop, a deploy, or this server stopping.
const RETRY_MS = 1_000;
const HEARTBEAT = Buffer.from(":\n\n");

export function frameOf(message: Pick<LiveMessage, "at" | "data">): Buffer {
  return Buffer.from(`id: ${message.at}\ndata: ${message.data}\n\n`);
}

/** The hub of one server process; `handle` answers stream requests, `close` ends them all (SIGTERM). */
export class LiveHub {
  private readonly rooms = new Map<number, Room>();
  private readonly perClient = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private open = 0;
  private closing = false;

  constructor(private readonly options: LiveHubOptions) {
    this.unsubscribe = subscribeLive((message) => this.fanOut(message));
    this.heartbeat = setInterval(() => {
      for (const room of this.rooms.values()) for (const res of room.streams) res.write(HEARTBEAT);
    }, options.heartbeatMs ?? 20_000);
    this.heartbeat.unref();
  }

  /** One change: framed once, the same bytes written to every open stream of the story. */
  private fanOut(message: LiveMessage): void {
    const room = this.rooms.get(message.articleId);
    if (!room) return;
    const bytes = frameOf(message);
    room.recent.push({ at: message.at, bytes });
    if (room.recent.length > RECENT_FRAMES) room.since = room.recent.shift()!.at;
    if (message.data.includes('"kind":"coverage"')) room.live = JSON.parse(message.data).live === true;
    for (const res of room.streams) res.write(bytes);
  }

  stats() {
    return { open: this.open, rooms: this.rooms.size, clients: this.perClient.size };
  }

  /** Answers a stream request; false when `req` is not one (the edge carries on). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const match = LIVE_STREAM_PATH.exec(req.url ?? "");
    if (!match) return false;
    void this.serve(req, res, Number(match[1])).catch((error: unknown) => {
      console.error("live: stream failed", error);
      if (!res.headersSent) this.reply(res, 500, "Live updates are unavailable.");
      else res.end();
    });
    return true;
  }

  private reply(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
    for (const [name, value] of this.options.headers ?? []) res.setHeader(name, value);
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra });
    res.end(status === 204 ? undefined : `${text}\n`);
  }

  /** Counts a stream against its client address; false when the address holds its cap already. */
  private admit(ip: string, res: ServerResponse): boolean {
    const held = this.perClient.get(ip) ?? 0;
    if (held >= this.options.maxPerClient) return false;
    this.perClient.set(ip, held + 1);
    res.once("close", () => {
      const left = (this.perClient.get(ip) ?? 1) - 1;
      if (left > 0) this.perClient.set(ip, left);
      else this.perClient.delete(ip);
    });
    return true;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, articleId: number): Promise<void> {
    if (req.method !== "GET") return this.reply(res, 405, "Method not allowed.", { allow: "GET" });
    if (this.closing)
      return this.reply(res, 503, "This server is stopping.", { connection: "close", "retry-after": "1" });
    const ip = clientIp(peerAddress(req), req.headers["x-forwarded-for"], this.options.trustProxy);
    if (!this.admit(ip, res)) return this.reply(res, 429, "Too many open live streams.", { "retry-after": "30" });

    const since = resumeFrom(req);
    // The room exists before the catch-up is read, so a change arriving meanwhile is in `recent`.
    const room = this.enter(articleId);
    let older: LiveMessage[] = [];
    try {
      if (!room.live) await (room.seeding ??= this.seed(articleId, room).finally(() => (room.seeding = null)));
      // A page older than what the room remembers: its own catch-up from the database.
      if (room.live && since !== null && since < room.since)
        older = (await this.load(articleId, since))?.messages ?? [];
    } finally {
      room.waiting--;
    }
    if (res.destroyed || !room.live) {
      this.leave(articleId, room);
      // 204: the story is not live (or gone); EventSource then stops reconnecting.
      return res.destroyed ? undefined : this.reply(res, 204, "");
    }
    for (const [name, value] of this.options.headers ?? []) res.setHeader(name, value);
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, private",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    });
    res.socket?.setNoDelay(true);
    const backlog: Uint8Array[] = [Buffer.from(`retry: ${RETRY_MS}\n\n`)];
    if (since !== null) {
      for (const m of older) backlog.push(frameOf(m));
      for (const f of room.recent) if (f.at >= since) backlog.push(f.bytes);
    }
    res.write(Buffer.concat(backlog));
    room.streams.add(res);
    this.open++;
    res.once("close", () => {
      this.open--;
      room.streams.delete(res);
      this.leave(articleId, room);
    });
  }

  /**
   * Reads the story's state and its last hour of changes into the room once, so the many pages opened
   * from a cached copy of the story are caught up from memory, not each from the database.
   */
  private async seed(articleId: number, room: Room): Promise<void> {
    const from = Date.now() - SEED_WINDOW_MS;
    const found = await this.load(articleId, from);
    if (!found) return;
    const frames = found.messages.map((m) => ({ at: m.at, bytes: frameOf(m) }));
    room.recent = [...frames, ...room.recent].sort((a, b) => a.at - b.at).slice(-RECENT_FRAMES);
    room.since = room.recent.length === RECENT_FRAMES ? room.recent[0].at : from;
    room.live = true;
  }

  private enter(articleId: number): Room {
    let room = this.rooms.get(articleId);
    if (!room) {
      // From this moment the bus fills `recent`; anything older comes from the database.
      room = { streams: new Set(), recent: [], since: Date.now(), live: false, waiting: 0, seeding: null };
      this.rooms.set(articleId, room);
    }
    room.waiting++;
    return room;
  }

  private leave(articleId: number, room: Room): void {
    if (room.streams.size === 0 && room.waiting === 0 && this.rooms.get(articleId) === room)
      this.rooms.delete(articleId);
  }

  /** The database's word on the story: undefined when it is not live (a new stream is refused). */
  private async load(articleId: number, since: number | null) {
    const loader = this.options.loader ?? liveLoader();
    if (!loader) throw new Error("live: no loader registered (instrumentation.ts)");
    const found = await loader(articleId, since ?? Date.now());
    return found?.live ? found : undefined;
  }

  /** Ends every stream (SIGTERM): browsers reconnect after `retry`, to another instance behind the balancer. */
  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const room of this.rooms.values()) for (const res of room.streams) res.end();
    this.rooms.clear();
  }
}

/** Where a stream resumes: the browser's Last-Event-ID on a reconnect, else the page's own `since`. */
function resumeFrom(req: IncomingMessage): number | null {
  const header = req.headers["last-event-id"];
  const query = /[?&]since=(\d{1,15})(?:&|$)/.exec(req.url ?? "")?.[1];
  const value = Number(typeof header === "string" && header !== "" ? header : query);
  return Number.isFinite(value) && value > 0 ? value : null;
}
