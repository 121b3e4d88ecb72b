import { expect, type APIRequestContext } from "@playwright/test";

// `npm start` runs a worker per core, each with its own store of finished pages, and hands each new
// connection to the next worker in turn: a page is stored "on the server" once a run of new connections
// in a row are all answered from a store.
const CONNECTIONS = 4;

/** Waits until every worker answers `path` from its store (anonymous requests, one connection each). */
export async function storedOnEveryWorker(request: APIRequestContext, path: string): Promise<void> {
  await expect(async () => {
    for (let i = 0; i < CONNECTIONS; i++) {
      const response = await request.get(path, { headers: { connection: "close" } });
      expect(response.headers()["x-newsroom-cache"], `${path} on connection ${i + 1}`).toBe("hit");
    }
  }).toPass({ timeout: 15_000 });
}
