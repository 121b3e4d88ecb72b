import { vi } from "vitest";
import type { SessionUser } from "@/lib/auth/roles";

// Test double for lib/auth/session: tests choose who is "signed in" with signInAs().
let current: SessionUser | null = null;

export function signInAs(user: SessionUser | null): void {
  current = user;
}

export const getSessionUser = vi.fn(async () => current);
