import "server-only";
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { db, transaction } from "@/db";
import { menuItems, pages, sections } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import type { MenuItemKind, MenuName } from "@/lib/domain";
import { pagePath, sectionPath } from "@/lib/site";
import type { MenuItemInput } from "@/lib/validation/page";

/** An entry as the newsroom's menu editor shows it. */
export type MenuEntry = {
  id: number;
  menu: MenuName;
  kind: MenuItemKind;
  label: string;
  href: string;
  /** A page entry whose page is a draft: readers do not see it until it is published. */
  hidden: boolean;
};

/** A link as readers see it in the header or footer. */
export type MenuLink = { label: string; href: string };
export type Menus = Record<MenuName, MenuLink[]>;

async function readEntries(): Promise<MenuEntry[]> {
  const rows = await db
    .select({
      id: menuItems.id,
      menu: menuItems.menu,
      kind: menuItems.kind,
      label: menuItems.label,
      url: menuItems.url,
      sectionName: sections.name,
      sectionSlug: sections.slug,
      pageTitle: pages.title,
      pageSlug: pages.slug,
      pageStatus: pages.status,
    })
    .from(menuItems)
    .leftJoin(sections, eq(sections.id, menuItems.sectionId))
    .leftJoin(pages, eq(pages.id, menuItems.pageId))
    .orderBy(asc(menuItems.menu), asc(menuItems.position), asc(menuItems.id));
  return rows.map((r) => {
    const base = { id: r.id, menu: r.menu, kind: r.kind };
    if (r.kind === "section")
      return { ...base, label: r.sectionName ?? "", href: sectionPath(r.sectionSlug ?? ""), hidden: false };
    if (r.kind === "page")
      return {
        ...base,
        label: r.pageTitle ?? "",
        href: pagePath(r.pageSlug ?? ""),
        hidden: r.pageStatus !== "published",
      };
    return { ...base, label: r.label, href: r.url, hidden: false };
  });
}

/** Every entry of both menus, in order, for the menu editor. */
export const listMenuEntries = readEntries;

/**
 * The header and footer as readers see them, cached under the menus tag (a section renamed touches the
 * site tag every cached read carries; a page published, renamed or withdrawn touches the menus tag).
 */
export const getMenus = cachedRead(
  "menus",
  async (): Promise<Menus> => {
    const menus: Menus = { header: [], footer: [] };
    for (const e of await readEntries()) if (!e.hidden) menus[e.menu].push({ label: e.label, href: e.href });
    return menus;
  },
  () => [CACHE_TAGS.menus],
);

/** Appends an entry to the end of its menu; false when the section or page it names does not exist. */
export function addMenuItem(input: MenuItemInput): Promise<boolean> {
  return transaction(async (tx) => {
    if (input.kind === "section") {
      const [s] = await tx.select({ id: sections.id }).from(sections).where(eq(sections.id, input.sectionId));
      if (!s) return false;
    } else if (input.kind === "page") {
      const [p] = await tx.select({ id: pages.id }).from(pages).where(eq(pages.id, input.pageId));
      if (!p) return false;
    }
    const [last] = await tx
      .select({ position: menuItems.position })
      .from(menuItems)
      .where(eq(menuItems.menu, input.menu))
      .orderBy(desc(menuItems.position))
      .limit(1);
    await tx.insert(menuItems).values({
      menu: input.menu,
      kind: input.kind,
      position: (last?.position ?? 0) + 1,
      sectionId: input.kind === "section" ? input.sectionId : null,
      pageId: input.kind === "page" ? input.pageId : null,
      label: input.kind === "link" ? input.label : "",
      url: input.kind === "link" ? input.url : "",
    });
    return true;
  });
}

/** Swaps an entry with its neighbour above or below in the same menu; false when it has none there. */
export function moveMenuItem(id: number, direction: "up" | "down"): Promise<boolean> {
  return transaction(async (tx) => {
    const [item] = await tx
      .select({ id: menuItems.id, menu: menuItems.menu, position: menuItems.position })
      .from(menuItems)
      .where(eq(menuItems.id, id));
    if (!item) return false;
    const [neighbour] = await tx
      .select({ id: menuItems.id, position: menuItems.position })
      .from(menuItems)
      .where(
        and(
          eq(menuItems.menu, item.menu),
          direction === "up" ? lt(menuItems.position, item.position) : gt(menuItems.position, item.position),
        ),
      )
      .orderBy(direction === "up" ? desc(menuItems.position) : asc(menuItems.position))
      .limit(1);
    if (!neighbour) return false;
    await tx.update(menuItems).set({ position: neighbour.position }).where(eq(menuItems.id, item.id));
    await tx.update(menuItems).set({ position: item.position }).where(eq(menuItems.id, neighbour.id));
    return true;
  });
}

export async function removeMenuItem(id: number): Promise<boolean> {
  const removed = await transaction((tx) =>
    tx.delete(menuItems).where(eq(menuItems.id, id)).returning({ id: menuItems.id }),
  );
  return removed.length > 0;
}
