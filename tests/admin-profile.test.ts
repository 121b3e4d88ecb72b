import { describe, expect, it, vi } from "vitest";
import { idleState } from "@/lib/actions/state";
import { createUser, getAuthorForUser } from "@/lib/data/users";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const { updateProfileAction } = await import("@/lib/actions/profile");

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

describe("profile", () => {
  it("a new bio refreshes only the author's page; a new byline name refreshes every page", async () => {
    const row = await createUser({
      email: "writer@example.com",
      name: "Writer One",
      role: "author",
      passwordHash: "x",
    });
    signInAs({ id: row.id, email: row.email, name: row.name, role: row.role });
    const authorId = (await getAuthorForUser(row.id))!.id;

    invalidated.length = 0;
    expect(await updateProfileAction(idleState, form({ name: "Writer One", bio: "Covers courts." }))).toMatchObject({
      status: "ok",
    });
    expect(invalidated).toEqual([`author:${authorId}`]);
    expect((await getAuthorForUser(row.id))!.bio).toBe("Covers courts.");

    invalidated.length = 0;
    await updateProfileAction(idleState, form({ name: "Writer Renamed", bio: "Covers courts." }));
    expect(invalidated.sort()).toEqual([`author:${authorId}`, "site"].sort());
  });
});
