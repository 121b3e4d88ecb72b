// Raw HTTP/1.1 over TCP, as a client (or an attacker) sends it: for the lanes in front of node:http
// (lib/edge/hit-lane.ts, lib/edge/native-lane.ts).
import type http from "node:http";
import net from "node:net";
import { expect } from "vitest";

/** node:http's answer to anything the lane hands it: the method, the address and the body it read. */
export function nodeAnswer(seen: string[]): http.RequestListener {
  return (req, res) => {
    let body = "";
    req.setEncoding("latin1");
    req.on("data", (chunk: string) => (body += chunk));
    seen.push(`${req.method} ${req.url}`);
    req.on("end", () => {
      const text = `node ${req.method} ${req.url} body=${body}`;
      res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(text, "latin1") });
      res.end(text, "latin1");
    });
  };
}

/** Sends `parts` in separate writes, each once the server has answered what came before, and reads to close. */
export async function exchange(
  port: number,
  parts: string[],
  { until = "close" as "close" | number } = {},
): Promise<string> {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  const done = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (typeof until === "number" && (received.match(/HTTP\/1\.1 /g) ?? []).length >= until) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
  for (const part of parts) {
    socket.write(part);
    // The next part once something came back, or at once if this part holds no complete head yet.
    if (part.includes("\r\n\r\n") && parts.indexOf(part) < parts.length - 1) {
      const before = received.length;
      await expect.poll(() => received.length > before).toBe(true);
    }
  }
  return done;
}

export const answers = (raw: string) => raw.split(/(?=HTTP\/1\.1 \d{3} )/).filter(Boolean);
export const bodyOf = (answer: string) => answer.slice(answer.indexOf("\r\n\r\n") + 4);

/** Heads node:http reads its own way (or refuses): a lane must hand each to it untouched. */
export const HOSTILE_HEADS = [
  "GET /hit HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET /",
  "GET /hit HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\nX-Bare-Lf: 1\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\rX-Bare-Cr: 1\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nX-Nul: a\u0000b\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost : a\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nX-High: \u00ff\r\n\r\n",
  "GET /hit HTTP/1.0\r\nHost: a\r\n\r\n",
  "GET /hit HTTP/1.1\r\n\r\n",
  "GET http://a/hit HTTP/1.1\r\nHost: a\r\n\r\n",
  "GET /hit  HTTP/1.1\r\nHost: a\r\n\r\n",
  "get /hit HTTP/1.1\r\nHost: a\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
  "GET /hit HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
  `GET /hit HTTP/1.1\r\nHost: a\r\nX-Long: ${"x".repeat(17 * 1024)}\r\n\r\n`,
  "GET /hit HTTP/1.1\r\nHost: a\r\n__proto__: x\r\n\r\n",
];
