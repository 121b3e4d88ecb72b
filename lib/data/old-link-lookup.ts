import "server-only";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { oldLinkKey } from "@/lib/wordpress/old-links";
import { findOldLinkTarget } from "./old-links";

/** One indexed lookup per old address, cached (misses too) until an import or a rename changes things. */
const cachedTarget = cachedRead("old-link", findOldLinkTarget, () => [CACHE_TAGS.oldLinks]);

/**
 * Where an old address (a WordPress permalink: path and query string) now leads, or null. A page number
 * WordPress put in the address (/category/x/page/2/, ?paged=2) is carried over.
 */
export async function resolveOldLink(pathname: string, search = ""): Promise<string | null> {
  const link = oldLinkKey(pathname, search);
  if (!link) return null;
  const target = await cachedTarget(link.key);
  if (!target) return null;
  return link.page && link.page > 1 && !target.startsWith("/articles/") ? `${target}?page=${link.page}` : target;
}
