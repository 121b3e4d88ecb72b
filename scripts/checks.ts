// `npm run checks`: formatting, types and lint at once (each is one core's work, and none waits on
// another), each one's output printed whole when it ends; fails if any of them does.
import { spawn } from "node:child_process";

const STEPS = ["format:check", "typecheck", "lint"];

function run(step: string): Promise<{ step: string; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", step], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ step, code: code ?? 1, output }));
  });
}

const results = await Promise.all(STEPS.map(run));
for (const { step, code, output } of results) {
  console.log(`${code === 0 ? "✓" : "✗"} ${step}`);
  if (output.trim()) console.log(output.trimEnd());
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
