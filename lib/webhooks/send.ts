import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveSafeTarget } from "./ssrf";

export const DELIVERY_TIMEOUT_MS = 10_000;

export type SendResult = { status: number | null; durationMs: number; error: string | null };

/**
 * POSTs one delivery. The host is resolved and checked first and the connection pinned to that address
 * (lookup answers with it), so DNS cannot point elsewhere between the check and the connect. Redirects
 * are not followed: a 3xx is a failed delivery, so a receiver cannot bounce us onto a private address.
 */
export async function sendDelivery(
  target: string,
  body: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<SendResult> {
  const started = Date.now();
  const url = new URL(target);
  let pinned: { address: string; family: 4 | 6 };
  try {
    pinned = await resolveSafeTarget(url);
  } catch (error) {
    return { status: null, durationMs: Date.now() - started, error: (error as Error).message };
  }
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve) => {
    const done = (status: number | null, error: string | null) =>
      resolve({ status, durationMs: Date.now() - started, error });
    const request = client.request(
      url,
      {
        method: "POST",
        lookup,
        signal,
        timeout: DELIVERY_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Newsroom-Webhooks/1.0",
          ...headers,
        },
      },
      (response) => {
        // Read (and drop) a little of the answer so the socket is freed; the status is what counts.
        response.resume();
        response.on("end", () => done(response.statusCode ?? null, null));
        response.on("error", (error) => done(response.statusCode ?? null, error.message));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => done(null, error.message));
    request.end(body);
  });
}
