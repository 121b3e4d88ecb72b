import pino, { type DestinationStream, type Logger } from "pino";

// One logger for the process: JSON lines on stdout (for journald, Docker, Loki...), or pino-pretty's
// readable lines in a terminal under `npm run dev`. LOG_LEVEL sets the level (default info; "silent" turns
// request lines off). Kept on globalThis: server.ts and the bundled app share it, and one stream.
const KEY = Symbol.for("newsroom.logger");

// Fields that must never reach a log line, whatever an error or a caller passes in by mistake.
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "headers.authorization",
  "*.headers.cookie",
  "*.headers.authorization",
  "email",
  "*.email",
  "body",
  "*.body",
];

function wantsPretty(): boolean {
  return process.env.LOG_FORMAT === "pretty" || (process.env.LOG_FORMAT !== "json" && isDevTerminal());
}

const STDOUT = 1;

function destination(pretty: boolean): DestinationStream {
  if (pretty) {
    try {
      // A development dependency: only asked for in a terminal outside production.
      const { createRequire } = process.getBuiltinModule("node:module") as typeof import("node:module");
      const prettyStream = createRequire(import.meta.url)("pino-pretty") as (o: object) => DestinationStream;
      return prettyStream({ sync: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
    } catch {}
  }
  // Written at once (an error's line survives a kill -9 that follows it). Request lines, the many, come
  // gathered (createRequestLines): one write for dozens of them, at the latest a second after the first.
  const stream = pino.destination({ dest: STDOUT, sync: true });
  setInterval(() => holder[KEY]?.requestLines.flush(), 1_000).unref();
  return stream;
}

function flush(stream: DestinationStream): void {
  try {
    (stream as DestinationStream & { flush?: () => void }).flush?.();
  } catch {}
}

function isDevTerminal(): boolean {
  return process.env.NODE_ENV !== "production" && process.stdout.isTTY === true;
}

/** The fields of one request line (lib/observability/request-log.ts). */
export type RequestLine = {
  id: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  edge: "hit" | "miss";
  ip: string;
};

export type RequestLines = {
  enabled: boolean;
  write(line: RequestLine): void;
  flush(): void;
  /** The file the lines go to as they are, when they do (not in a terminal): the native lane writes its own there. */
  fd: number | null;
};

// A string as JSON: most paths, ids and addresses need no escaping, and JSON.stringify is the slow way.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const json = (value: string) => (NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);

/** Request lines handed to the stream in one write (about 10 KB). */
export const REQUEST_LINES_PER_WRITE = 48;

/**
 * Request lines, written apart from pino's logger on the cached hit path, where one line per request is
 * most of what logging costs. Each is the line pino would write (level, time, pid, msg and the fields),
 * built as a string; they are handed to the stream REQUEST_LINES_PER_WRITE at a time, at the latest each
 * second, and at a stop. Measured per line on this machine: pino's info() into a gathering stream 3.7 µs,
 * this 0.8 µs (that stream re-measures all its pending text on every write: 2 µs a line at 4 KB). The
 * whole line, its fields and its write included, is 3–3.5 µs of a 51–58 µs cached hit in the server's CPU
 * profile (`npm run bench -- --logging`). In a terminal (pino-pretty) the lines go through pino instead.
 */
export function createRequestLines(
  level: string,
  stream: DestinationStream,
  pretty: Logger | null,
  fd: number | null = null,
): RequestLines {
  const enabled = pino.levels.values[level] !== undefined && pino.levels.values[level] <= pino.levels.values.info;
  if (pretty) return { enabled, write: (line) => pretty.info({ msg: "request", ...line }), flush: () => {}, fd: null };
  const head = `{"level":${pino.levels.values.info},"time":`;
  const pid = `,"pid":${process.pid},"msg":"request","id":`;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    stream.write(text);
  };
  return {
    enabled,
    write(line) {
      pending.push(
        `${head}${Date.now()}${pid}${json(line.id)},"method":${json(line.method)},"path":${json(line.path)},"status":${line.status},"ms":${line.ms},"edge":"${line.edge}","ip":${json(line.ip)}}\n`,
      );
      if (pending.length >= REQUEST_LINES_PER_WRITE) flush();
    },
    flush,
    fd,
  };
}

type Loggers = { logger: Logger; requestLines: RequestLines; stream: DestinationStream };

function createLoggers(): Loggers {
  const level = process.env.LOG_LEVEL || "info";
  const base = { pid: process.pid };
  const pretty = wantsPretty();
  const stream = destination(pretty);
  const logger = pino(
    {
      level,
      base,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
  // The request line's fields are built by request-log.ts alone (a cleaned path, never a caller's object),
  // so they need no redaction: checking those 16 paths cost 10 µs a line, a quarter of a cached hit's time.
  const requestLines = pretty
    ? createRequestLines(level, stream, pino({ level, base }, stream))
    : createRequestLines(level, stream, null, STDOUT);
  return { logger, requestLines, stream };
}

const holder = globalThis as unknown as { [KEY]?: Loggers };
const loggers = (holder[KEY] ??= createLoggers());
export const logger: Logger = loggers.logger;
/** For request-log.ts only: one line per request, on the same stream and level. */
export const requestLines: RequestLines = loggers.requestLines;

/** Writes out what is gathered, before the process exits. */
export function flushLogs(): void {
  loggers.requestLines.flush();
  const stream = loggers.stream as DestinationStream & { flushSync?: () => void };
  try {
    stream.flushSync?.();
  } catch {
    flush(stream);
  }
}
