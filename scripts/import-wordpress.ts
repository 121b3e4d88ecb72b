// `npm run import:wordpress -- export.xml [--uploads path/to/wp-content/uploads] [--dry-run] [--create-users]`
// Imports a WordPress export (Tools → Export → All content) and prints what it did. --dry-run reads,
// converts and checks everything (images included) and writes nothing.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { DryRunSink } from "../lib/wordpress/dry-run-sink";
import { DEFAULT_BATCH_SIZE, type ImportProgress, importWxr } from "../lib/wordpress/importer";
import { formatSummary } from "../lib/wordpress/summary";
import { openUploadsFolder } from "../lib/wordpress/uploads";
import { WxrError } from "../lib/wordpress/wxr-reader";

const USAGE =
  "usage: npm run import:wordpress -- export.xml [--uploads path/to/wp-content/uploads] [--dry-run] [--create-users] [--batch-size N]";

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function options() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        uploads: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "create-users": { type: "boolean", default: false },
        "batch-size": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) fail(USAGE, 0);
    if (positionals.length !== 1) fail(USAGE, 2);
    const batchSize = Number(values["batch-size"] ?? DEFAULT_BATCH_SIZE);
    if (!Number.isInteger(batchSize) || batchSize < 1) fail("--batch-size takes a whole number of articles.", 2);
    return {
      file: positionals[0],
      uploads: values.uploads,
      dryRun: values["dry-run"],
      createUsers: values["create-users"],
      batchSize,
    };
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
}

/** A bar on a terminal (redrawn at most ten times a second); a line per tenth of the file otherwise. */
function progressPrinter(totalBytes: number) {
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastTenth = -1;
  return {
    update(p: ImportProgress) {
      const fraction = totalBytes > 0 ? Math.min(1, p.bytesRead / totalBytes) : 0;
      const counts = `${p.articles.toLocaleString("en-US")} articles · ${p.comments.toLocaleString("en-US")} comments`;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 100 && fraction < 1) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
        process.stderr.write(
          `\r${bar} ${(p.bytesRead / 1e6).toFixed(1)}/${(totalBytes / 1e6).toFixed(1)} MB · ${counts}\x1b[K`,
        );
      } else if (Math.floor(fraction * 10) > lastTenth) {
        lastTenth = Math.floor(fraction * 10);
        process.stderr.write(`${(fraction * 100).toFixed(0).padStart(3)}% · ${counts}\n`);
      }
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

async function main() {
  const opts = options();
  let size: number;
  try {
    size = fs.statSync(opts.file).size;
  } catch {
    fail(`${opts.file}: no such file.`);
  }
  if (!opts.dryRun) {
    fail(
      "Writing the import into the database is not available yet in this version: run with --dry-run to check the export (nothing is written).",
      2,
    );
  }
  const uploads = opts.uploads ? await openUploadsFolder(opts.uploads).catch((err: Error) => fail(err.message)) : null;
  const progress = progressPrinter(size);
  try {
    const summary = await importWxr(fs.createReadStream(opts.file, { highWaterMark: 256 * 1024 }), {
      sink: new DryRunSink({ createUsers: opts.createUsers }),
      uploads,
      batchSize: opts.batchSize,
      dryRun: true,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    console.log(formatSummary(summary));
  } catch (err) {
    progress.done();
    if (err instanceof WxrError) fail(`${opts.file}: ${err.message}`);
    throw err;
  }
}

await main();
