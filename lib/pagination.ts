/**
 * Lists are addressed as `/world?page=2`; proxy.ts rewrites that to the cacheable path form
 * `/world/page/2`, which arrives here as the catch-all segments ["page", "2"].
 */
export function pageFromSegments(segments: string[] | undefined): number | null {
  if (!segments || segments.length === 0) return 1;
  if (segments.length !== 2 || segments[0] !== "page" || !/^[1-9]\d{0,5}$/.test(segments[1])) return null;
  return Number(segments[1]);
}

export function pageTitle(title: string, page: number): string {
  return page > 1 ? `${title} — page ${page}` : title;
}

/** A newsroom list's address with its filters; defaults ("all", page 1, empty) are left out. */
export function listHref(path: string, params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === "all") continue;
    if (key === "page" && Number(value) <= 1) continue;
    sp.set(key, String(value));
  }
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}
