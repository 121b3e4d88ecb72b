// Test double for next/cache: reads run uncached, invalidations are recorded so tests can assert
// which tags an action touched.
export const invalidated: string[] = [];

export function unstable_cache<T extends (...args: never[]) => unknown>(fn: T): T {
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

export function refresh(): void {}
