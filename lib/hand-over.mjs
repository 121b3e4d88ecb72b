// A function that lives in Next's module graph (it reads the database through lib/data, or runs there)
// and that server.ts calls: instrumentation.ts or the job runner hands it over under a name, and the
// server's side takes it. Kept on globalThis under a registered symbol because the two sides load
// different copies of the modules involved (Next's bundle and the server's), in one process. Plain
// JavaScript, as lib/live/bus.mjs, which uses it, is.

/**
 * The place one function is handed over at, by name ("edge.apiKeyCheck").
 * @template T
 * @param {string} name
 * @returns {{ give(value: T): void, take(): T | undefined }}
 */
export function handOver(name) {
  const key = Symbol.for(`newsroom.${name}`);
  const slots = /** @type {Record<symbol, T | undefined>} */ (/** @type {unknown} */ (globalThis));
  return {
    give(value) {
      slots[key] = value;
    },
    take() {
      return slots[key];
    },
  };
}
