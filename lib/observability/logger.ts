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
  // Asynchronous: a line is handed to stdout without waiting, and lines written while one write is in
  // flight go out together, so a burst of requests costs a few system calls rather than one each.
  return pino.destination({ dest: 1, sync: false });
}

function isDevTerminal(): boolean {
  return process.env.NODE_ENV !== "production" && process.stdout.isTTY === true;
}

function createLogger(): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL || "info",
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination(),
  );
}

const holder = globalThis as unknown as { [KEY]?: Logger };
export const logger: Logger = (holder[KEY] ??= createLogger());
