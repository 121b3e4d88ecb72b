// Test double for next/cache: reads run uncached, invalidations and router refreshes are recorded so
// tests can assert which tags an action touched and whether it asked for fresh server data; so are the
// keys and tags of the cached reads asked for.
export const invalidated: string[] = [];
export const refreshed = { count: 0 };
export const cachedReads: { keyParts: string[]; tags: string[] }[] = [];

export function unstable_cache<T extends (...args: never[]) => unknown>(
  fn: T,
  keyParts: string[] = [],
  options: { tags?: string[] } = {},
): T {
  cachedReads.push({ keyParts, tags: options.tags ?? [] });
  return fn;
}

export function revalidateTag(tag: string): void {
  invalidated.push(tag);
}

export function updateTag(tag: string): void {
  invalidated.push(tag);
}

export function revalidatePath(path: string): void {
  invalidated.push(`path:${path}`);
}

export function refresh(): void {
  refreshed.count++;
}
