// `npm start`. Plain JavaScript, so the process that stays (the server, or the primary of its workers)
// carries no TypeScript loader: scripts/start.ts prepares the data and the build in a process of its
// own, then the bundled scripts/serve.ts serves.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = process.cwd();
const prepared = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts"), "--prepare"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);
await import(path.join(root, ".next", "newsroom", "serve.mjs"));
