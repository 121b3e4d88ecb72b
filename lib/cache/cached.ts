import { unstable_cache } from "next/cache";
import { CACHE_TAGS, SCHEDULE_GRANULARITY_SECONDS } from "@/lib/cache/tags";

/**
 * A cached read: the result lands in the shared cache under `tags`, and the reader page that
 * calls it inherits those tags, so invalidating one tag refreshes both.
 */
export function cachedRead<Args extends unknown[], Result>(
  name: string,
  fn: (...args: Args) => Result | Promise<Result>,
  tags: (...args: Args) => string[],
): (...args: Args) => Promise<Result> {
  return (...args: Args) =>
    unstable_cache(async () => fn(...args), [name, JSON.stringify(args)], {
      tags: [CACHE_TAGS.site, ...tags(...args)],
      revalidate: SCHEDULE_GRANULARITY_SECONDS,
    })();
}
