import { SLUG_MAX } from "@/lib/format/text";

/**
 * A read by a slug taken from the address, answering null (so the page is a 404) for a slug longer than
 * any the site stores, before the read: such an address is neither queried nor cached. Its cache tags
 * would pass Next's 256-character limit, which Next drops with a warning on every request.
 */
export function slugRead<Result>(
  read: (slug: string) => Promise<Result | null>,
): (slug: string) => Promise<Result | null> {
  return (slug) => (slug.length > SLUG_MAX ? Promise.resolve(null) : read(slug));
}
