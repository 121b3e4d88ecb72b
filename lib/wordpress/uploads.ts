import fs from "node:fs/promises";
import path from "node:path";
import { decodePath } from "./old-links";

const MARKER = "/wp-content/uploads/";

/**
 * The path under wp-content/uploads that a WordPress image address points to ("2024/05/photo.jpg"), or
 * null for an image hosted elsewhere. A path that could leave the uploads folder is refused.
 */
export function uploadsPathFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url, "http://old.invalid/").pathname;
  } catch {
    return null;
  }
  const at = pathname.indexOf(MARKER);
  if (at < 0) return null;
  return safeUploadsPath(decodePath(pathname.slice(at + MARKER.length)));
}

/** `_wp_attached_file` and paths from addresses, checked: relative, no `..`, no backslashes. */
export function safeUploadsPath(relative: string): string | null {
  const segments = relative.split("/");
  const safe = segments.every((s) => s !== "" && s !== "." && s !== ".." && !/[\\\0]/.test(s));
  return safe && !relative.startsWith("/") ? relative : null;
}

/**
 * Where to look for an uploads path: the file itself, then the original that WordPress resized it from
 * (photo-1024x683.jpg → photo.jpg), then the "-scaled" copy WordPress keeps of a very large original.
 */
export function uploadsFileCandidates(uploadsPath: string): string[] {
  const m = /^(.*?)(?:-\d+x\d+)?(\.[A-Za-z0-9]+)$/.exec(uploadsPath);
  if (!m) return [uploadsPath];
  const original = `${m[1]}${m[2]}`;
  return [...new Set([uploadsPath, original, `${m[1]}-scaled${m[2]}`])];
}

export type UploadsFolder = {
  root: string;
  /** The file for an uploads path, or null when none of its candidates exists inside the folder. */
  locate(uploadsPath: string): Promise<string | null>;
};

/** The folder given with --uploads: wp-content/uploads itself, or a site folder that contains it. */
export async function openUploadsFolder(dir: string): Promise<UploadsFolder> {
  let root = path.resolve(dir);
  const nested = path.join(root, "wp-content", "uploads");
  if (await isDirectory(nested)) root = nested;
  if (!(await isDirectory(root))) throw new Error(`The uploads folder ${dir} does not exist.`);
  const realRoot = await fs.realpath(/*turbopackIgnore: true*/ root);
  const cache = new Map<string, Promise<string | null>>();
  async function find(uploadsPath: string): Promise<string | null> {
    if (!safeUploadsPath(uploadsPath)) return null;
    for (const candidate of uploadsFileCandidates(uploadsPath)) {
      const file = path.join(realRoot, ...candidate.split("/"));
      try {
        // A symbolic link inside a copied site must not lead the import out of the folder.
        const real = await fs.realpath(file);
        if (!real.startsWith(realRoot + path.sep)) continue;
        if ((await fs.stat(real)).isFile()) return real;
      } catch {
        // not there: try the next candidate
      }
    }
    return null;
  }
  return {
    root: realRoot,
    locate(uploadsPath) {
      let found = cache.get(uploadsPath);
      if (!found) {
        found = find(uploadsPath);
        cache.set(uploadsPath, found);
      }
      return found;
    },
  };
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
