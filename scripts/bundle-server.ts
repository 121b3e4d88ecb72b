// The request edge as one ES module for production: server.ts and what it imports from lib/ and db/,
// the packages left in node_modules. `npm start` runs it with plain Node, so no process of the server
// carries a TypeScript loader (about 30 MB each). Made with the build (`npm run build`, `npm start`).
import path from "node:path";
import { build, stop } from "esbuild";

export const SERVER_BUNDLE = path.join(process.cwd(), ".next", "newsroom", "server.mjs");

export async function bundleServer(): Promise<void> {
  await build({
    entryPoints: [path.join(process.cwd(), "server.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  // esbuild's service process would otherwise stay beside the server for as long as it runs.
  await stop();
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleServer();
