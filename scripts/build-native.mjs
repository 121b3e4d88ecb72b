// `npm install` runs this (package.json "install"): builds the native lane (binding.gyp, native/hit-lane.cc)
// with the node-gyp npm carries, against the Node headers npm is set to use. A machine that cannot build
// it still installs: the server then answers every hit in JavaScript (lib/edge/native-lane.ts says so).
import { spawnSync } from "node:child_process";

const gyp = process.env.npm_config_node_gyp;
const result = gyp
  ? spawnSync(process.execPath, [gyp, "rebuild"], { stdio: "inherit" })
  : spawnSync("npx", ["--no-install", "node-gyp", "rebuild"], { stdio: "inherit" });
if (result.status !== 0)
  console.warn("\nThe native lane was not built: hits will be answered in JavaScript (slower, same answers).\n");
