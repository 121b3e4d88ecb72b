// Module hooks for running lib/data outside Next (measurement scripts): `server-only` becomes an
// empty module and `next/cache` the test double, so every read goes to the database uncached.
import { register } from "node:module";

const stub = new URL("../../tests/support/next-cache.ts", import.meta.url).href;
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  if (specifier === "next/cache") return next(${JSON.stringify(stub)}, context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
