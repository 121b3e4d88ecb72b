import { describe, expect, it } from "vitest";
import { authenticate, INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS } from "@/lib/auth/credentials";
import { loginThrottle, LOGIN_WINDOW_MS, recordLoginFailure } from "@/lib/data/login-attempts";
import { createUser, updateUserAccess } from "@/lib/data/users";
import { hashPassword } from "@/lib/auth/password";
import { safeCallbackUrl } from "@/lib/validation/auth";

describe("authenticate", () => {
  it("accepts the right password and gives one message for a wrong password, an unknown email and a deactivated user", async () => {
    const user = await createUser({
      email: "Sign.In@Example.com",
      name: "S",
      role: "editor",
      passwordHash: await hashPassword("right password"),
    });
    expect(await authenticate("  sign.in@example.COM ", "right password", "198.51.100.1")).toMatchObject({
      ok: true,
      user: { id: user.id },
    });
    expect(await authenticate("sign.in@example.com", "wrong", "198.51.100.1")).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_CREDENTIALS,
    });
    expect(await authenticate("nobody@example.com", "right password", "198.51.100.1")).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_CREDENTIALS,
    });
    await updateUserAccess(user.id, { active: false });
    expect(await authenticate("sign.in@example.com", "right password", "198.51.100.1")).toEqual({
      ok: false,
      reason: "invalid",
      message: INVALID_CREDENTIALS,
    });
  });

  it("after 5 failures for one email and IP refuses even the right password, for that pair only", async () => {
    await createUser({
      email: "locked@example.com",
      name: "L",
      role: "author",
      passwordHash: await hashPassword("right password"),
    });
    for (let i = 0; i < 5; i++)
      expect((await authenticate("locked@example.com", `wrong ${i}`, "203.0.113.5")).ok).toBe(false);
    expect(await authenticate("locked@example.com", "right password", "203.0.113.5")).toEqual({
      ok: false,
      reason: "throttled",
      message: TOO_MANY_ATTEMPTS,
    });
    expect((await authenticate("locked@example.com", "right password", "203.0.113.6")).ok).toBe(true);
  });

  it("the lock lasts 15 minutes after the fifth failure; failures spread over more than 15 minutes do not lock", async () => {
    const t = 1_900_000_000_000;
    for (let i = 0; i < 5; i++) await recordLoginFailure("a@example.com", "ip", t + i * 1000);
    expect(await loginThrottle("a@example.com", "ip", t + 5000)).toEqual({
      kind: "locked",
      until: t + 4000 + LOGIN_WINDOW_MS,
    });
    expect(await loginThrottle("a@example.com", "ip", t + 4000 + LOGIN_WINDOW_MS - 1)).not.toBeNull();
    expect(await loginThrottle("a@example.com", "ip", t + 4000 + LOGIN_WINDOW_MS)).toBeNull();

    for (let i = 0; i < 5; i++) await recordLoginFailure("b@example.com", "ip2", t + i * 4 * 60_000);
    expect(await loginThrottle("b@example.com", "ip2", t + 16 * 60_000 + 1)).toBeNull();
  });
});

describe("a new password", () => {
  it("raises the session version, which ends sessions signed with the old one", async () => {
    const { getUserById, setUserPassword } = await import("@/lib/data/users");
    const user = await createUser({
      email: "rotate@example.com",
      name: "R",
      role: "author",
      passwordHash: await hashPassword("old password 123"),
    });
    expect((await getUserById(user.id))!.sessionVersion).toBe(0);
    await setUserPassword(user.id, await hashPassword("new password 456"));
    expect((await getUserById(user.id))!.sessionVersion).toBe(1);
    expect(await authenticate("rotate@example.com", "new password 456", "198.51.100.9")).toMatchObject({
      ok: true,
      sessionVersion: 1,
    });
  });
});

describe("request details", () => {
  it("return URLs stay on this site", () => {
    expect(safeCallbackUrl("/admin/articles?status=draft")).toBe("/admin/articles?status=draft");
    expect(safeCallbackUrl("/admin/comments#comment-4")).toBe("/admin/comments#comment-4");
    // An encoded tab is only a strange path on this site; a raw one is dropped by browsers.
    expect(safeCallbackUrl("/%09/evil.example")).toBe("/%09/evil.example");
    const bad = [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "",
      null,
      "/login",
      "/login?callbackUrl=/x",
    ];
    for (const value of bad) expect(safeCallbackUrl(value), JSON.stringify(value)).toBe("/admin");
  });
});

describe("the last administrator", () => {
  it("cannot be demoted or deactivated; another one can once a second exists", async () => {
    const only = await createUser({
      email: "root@example.com",
      name: "Root",
      role: "administrator",
      passwordHash: "x",
    });
    expect(await updateUserAccess(only.id, { role: "editor" })).toBe("last-admin");
    expect(await updateUserAccess(only.id, { active: false })).toBe("last-admin");
    const second = await createUser({
      email: "root2@example.com",
      name: "Root 2",
      role: "administrator",
      passwordHash: "x",
    });
    expect(await updateUserAccess(only.id, { role: "editor" })).toBe("ok");
    expect(await updateUserAccess(second.id, { active: false })).toBe("last-admin");
  });
});

describe("ending sessions on the server", () => {
  it("a signed-out session id is refused until its token would have expired, then forgotten", async () => {
    const { isSessionRevoked, revokeSession } = await import("@/lib/data/sessions");
    const now = Date.now();
    expect(await isSessionRevoked("session-a")).toBe(false);
    await revokeSession("session-a", now + 60_000, now);
    await revokeSession("session-a", now + 120_000, now);
    expect(await isSessionRevoked("session-a")).toBe(true);
    expect(await isSessionRevoked("session-b")).toBe(false);
    await revokeSession("session-b", now + 200_000, now + 121_000);
    expect(await isSessionRevoked("session-a")).toBe(false);
  });

  it("deactivating raises the session version, so reactivating does not bring old sessions back", async () => {
    const { getUserById } = await import("@/lib/data/users");
    const user = await createUser({ email: "paused@example.com", name: "P", role: "editor", passwordHash: "x" });
    await updateUserAccess(user.id, { active: false });
    await updateUserAccess(user.id, { active: true });
    expect(await getUserById(user.id)).toMatchObject({ active: true, sessionVersion: 1 });
    await updateUserAccess(user.id, { role: "author" });
    expect((await getUserById(user.id))!.sessionVersion).toBe(1);
  });
});
