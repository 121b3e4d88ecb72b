// The addresses of the reader's own scripts in public/ (no framework: lib/edge/reader-page.ts), each
// with a hash of its content, so the edge sends them immutable (lib/edge/files.ts) and a returning
// reader's browser never asks for them again until they change.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

function versioned(name: string): string {
  try {
    const bytes = fs.readFileSync(path.join(process.cwd(), "public", name));
    return `/${name}?v=${createHash("sha256").update(bytes).digest("base64url").slice(0, 12)}`;
  } catch {
    return `/${name}`;
  }
}

export const READER_SCRIPT = versioned("reader.js");
export const COMMENT_FORM_SCRIPT = versioned("comment-form.js");
export const LIVE_SCRIPT = versioned("live.js");
