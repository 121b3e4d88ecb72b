import "server-only";

export type Page<T> = { items: T[]; page: number; totalPages: number; total: number };

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** One page of a list of `total` rows; a page number out of range shows the nearest page. */
export async function loadPage<T>(
  total: number,
  size: number,
  requested: number,
  fetch: (limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const totalPages = pageCount(total, size);
  const page = Math.min(Math.max(1, requested), totalPages);
  return { items: await fetch(size, (page - 1) * size), page, totalPages, total };
}
