// The request edge (server.ts) and `npm start`'s serving half (scripts/serve.ts) as ES modules for
// production, each with what it imports from lib/ and db/, the packages left in node_modules. They run
// with plain Node, so no process of the server carries a TypeScript loader (about 30 MB each). Made with
// the build (`npm run build`, `npm start`).
import path from "node:path";
import { build, stop } from "esbuild";

const OUT_DIR = path.join(process.cwd(), ".next", "newsroom");
export const SERVER_BUNDLE = path.join(OUT_DIR, "server.mjs");
export const SERVE_BUNDLE = path.join(OUT_DIR, "serve.mjs");
export const FRONT_BUNDLE = path.join(OUT_DIR, "front.mjs");

export async function bundleServer(): Promise<void> {
  await build({
    entryPoints: {
      server: path.join(process.cwd(), "server.ts"),
      serve: path.join(process.cwd(), "scripts", "serve.ts"),
      front: path.join(process.cwd(), "front.ts"),
    },
    outdir: OUT_DIR,
    outExtension: { ".js": ".mjs" },
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
