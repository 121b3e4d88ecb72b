import "server-only";
import { refresh } from "next/cache";
import { success, type ActionState } from "@/lib/action-state";

/** An admin action's success: the result for the toast, and fresh server data for the screen that asked. */
export function done(message: string): ActionState {
  refresh();
  return success(message);
}
