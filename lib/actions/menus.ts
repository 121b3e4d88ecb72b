"use server";

import { refresh, updateTag } from "next/cache";
import { z } from "zod";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { addMenuItem, moveMenuItem, removeMenuItem } from "@/lib/data/menus";
import { recordAudit } from "@/lib/observability/audit";
import { MenuItemSchema } from "@/lib/validation/page";
import { failure, ok, type ActionState } from "./state";
import { withRole } from "./wrappers";

// The header and footer menus (/admin/menus). Every reader page shows them, and each reads them through
// one cached read under the menus tag: a change drops exactly that, on every instance.

async function menusChanged(message: string): Promise<ActionState> {
  updateTag(CACHE_TAGS.menus);
  await recordAudit({ action: "menu.update", target: { type: "menu" }, summary: message });
  refresh();
  return ok(message);
}

export const addMenuItemAction = withRole("editor", MenuItemSchema, async (input) =>
  (await addMenuItem(input)) ? menusChanged("Added to the menu.") : failure("Choose a section or page that exists."),
);

const itemId = z.coerce.number().int().positive();
const UNKNOWN = { invalid: "That menu entry no longer exists." };

export const moveMenuItemAction = withRole(
  "editor",
  z.object({ itemId, direction: z.enum(["up", "down"]) }),
  async (input) =>
    (await moveMenuItem(input.itemId, input.direction))
      ? menusChanged(input.direction === "up" ? "Moved up." : "Moved down.")
      : failure("That entry cannot move further."),
  UNKNOWN,
);

export const removeMenuItemAction = withRole(
  "editor",
  z.object({ itemId }),
  async (input) =>
    (await removeMenuItem(input.itemId)) ? menusChanged("Removed from the menu.") : failure(UNKNOWN.invalid),
  UNKNOWN,
);
