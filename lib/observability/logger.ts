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

function destination(): DestinationStream {
  const pretty = process.env.LOG_FORMAT === "pretty" || (process.env.LOG_FORMAT !== "json" && isDevTerminal());
  if (pretty) {
    try {
      // A development dependency: only asked for in a terminal outside production.
      const { createRequire } = process.getBuiltinModule("node:module") as typeof import("node:module");
      const prettyStream = createRequire(import.meta.url)("pino-pretty") as (o: object) => DestinationStream;
      return prettyStream({ sync: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
    } catch {}
  }
  // Asynchronous and gathered: lines are handed to stdout 4 KB at a time (about twenty request lines), and
  // at the latest a second after they were logged. One write per line cost more than the line itself: a
  // trip through libuv's thread pool each, about 15 µs of CPU on a 60 µs cached hit. A kill -9 can lose
  // the last second of lines; a stop (SIGTERM) writes them out (flushLogs).
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => flush(stream), 1_000).unref();
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

type Loggers = { logger: Logger; requestLogger: Logger; stream: DestinationStream };

function createLoggers(): Loggers {
  const level = process.env.LOG_LEVEL || "info";
  const base = { pid: process.pid };
  const stream = destination();
  return {
    logger: pino(
      {
        level,
        base,
        redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
        serializers: { err: pino.stdSerializers.err },
      },
      stream,
    ),
    // The request line's fields are built by request-log.ts alone (a cleaned path, never a caller's object),
    // so it skips redaction: checking those 16 paths cost 10 µs a line, a quarter of a cached hit's time.
    requestLogger: pino({ level, base }, stream),
    stream,
  };
}

const holder = globalThis as unknown as { [KEY]?: Loggers };
const loggers = (holder[KEY] ??= createLoggers());
export const logger: Logger = loggers.logger;
/** For request-log.ts only: the same stream and level, without redaction. */
export const requestLogger: Logger = loggers.requestLogger;

/** Writes out what is gathered, before the process exits. */
export function flushLogs(): void {
  const stream = loggers.stream as DestinationStream & { flushSync?: () => void };
  try {
    stream.flushSync?.();
  } catch {
    flush(stream);
  }
}
