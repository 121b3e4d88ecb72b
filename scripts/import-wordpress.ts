// `npm run import:wordpress -- export.xml [--uploads path/to/wp-content/uploads] [--dry-run] [--create-users]`
// Imports a WordPress export (Tools → Export → All content) and prints what it did. --dry-run reads,
// converts and checks everything (images included) and writes nothing. Runs with the react-server
// condition (package.json) so it can use lib/data, which is marked server-only.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase, engine, migrateDatabase } from "../db/index";
import { importWordPressExport } from "../lib/data/wordpress-import";
import { DryRunSink } from "../lib/wordpress/dry-run-sink";
import { DEFAULT_BATCH_SIZE, type ImportProgress, importWxr } from "../lib/wordpress/importer";
import { formatSummary } from "../lib/wordpress/summary";
import { openUploadsFolder, type UploadsFolder } from "../lib/wordpress/uploads";
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
  const uploads = opts.uploads ? await openUploadsFolder(opts.uploads).catch((err: Error) => fail(err.message)) : null;
  const progress = progressPrinter(size);
  const source = fs.createReadStream(opts.file, { highWaterMark: 256 * 1024 });
  const onProgress = (p: ImportProgress) => progress.update(p);
  try {
    const summary = opts.dryRun
      ? await importWxr(source, {
          sink: new DryRunSink({ createUsers: opts.createUsers }),
          uploads,
          batchSize: opts.batchSize,
          dryRun: true,
          onProgress,
        })
      : await importIntoDatabase(source, { ...opts, size, uploads, onProgress });
    progress.done();
    console.log(formatSummary(summary));
  } catch (err) {
    progress.done();
    if (err instanceof WxrError) fail(`${opts.file}: ${err.message}`);
    throw err;
  } finally {
    await closeDatabase();
  }
}

async function importIntoDatabase(
  source: fs.ReadStream,
  opts: Omit<ReturnType<typeof options>, "uploads"> & {
    size: number;
    uploads: UploadsFolder | null;
    onProgress: (p: ImportProgress) => void;
  },
) {
  await migrateDatabase({ backupDir: path.resolve(process.env.DATA_DIR || "data") });
  const summary = await importWordPressExport(source, {
    source: path.basename(opts.file),
    totalBytes: opts.size,
    createUsers: opts.createUsers,
    uploads: opts.uploads,
    batchSize: opts.batchSize,
    onProgress: opts.onProgress,
  });
  // A running server on SQLite notices the finished run within a second (lib/cache/cache-handler.mjs).
  if (engine === "postgres") {
    console.error("On PostgreSQL a running server does not see this import until it restarts: restart it now.");
  }
  return summary;
}

await main();
