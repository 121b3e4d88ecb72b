import { describe, expect, it, vi } from "vitest";
import { authenticate, INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, waitMessage } from "@/lib/auth/credentials";
import { ipGroup } from "@/lib/auth/ip-group";
import { accountDelayMs, LOGIN_ACCOUNT_SLOW_AFTER, LOGIN_MAX_FAILURES_PER_CLIENT } from "@/lib/data/login-attempts";
import { createUser } from "@/lib/data/users";
import { hashPassword } from "@/lib/auth/password";

// Attacks on the sign-in limits, through the one credential check the form and NextAuth share,
// against the migrated database. Each test uses its own clock far from the others' and its own accounts.
// Every attempt hashes a password (scrypt, N=16384), twenty or so a test: seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000 });

let clockBase = 2_000_000_000_000;
const freshClock = () => (clockBase += 24 * 3_600_000);

async function account(email: string) {
  return createUser({ email, name: email, role: "editor", passwordHash: await hashPassword("the right password") });
}

describe("per-client limit across emails", () => {
  it("refuses a client that has failed 20 times across many emails, even for a real account's right password", async () => {
    const now = freshClock();
    await account("spray-target@example.com");
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_CLIENT; i++) {
      const result = await authenticate(`guess${i}@example.com`, "password1", "203.0.113.77", now + i * 1000);
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
    }
    const later = now + LOGIN_MAX_FAILURES_PER_CLIENT * 1000;
    expect(await authenticate("someone-new@example.com", "password1", "203.0.113.77", later)).toEqual({
      ok: false,
      reason: "throttled",
      message: TOO_MANY_ATTEMPTS,
    });
    expect(await authenticate("spray-target@example.com", "the right password", "203.0.113.77", later)).toMatchObject({
      reason: "throttled",
    });
    // Another client is not affected, and the refusal ends once the oldest counted failure is 15 minutes old.
    expect((await authenticate("spray-target@example.com", "the right password", "203.0.113.78", later)).ok).toBe(true);
    const slid = await authenticate(
      "spray-target@example.com",
      "the right password",
      "203.0.113.77",
      now + 15 * 60_000 + 1,
    );
    expect(slid.ok).toBe(true);
  });
});

describe("per-account limit across clients", () => {
  it("slows guessing from many IPs, but the owner's right password from a fresh IP works after the wait", async () => {
    const now = freshClock();
    await account("editor-under-fire@example.com");
    let t = now;
    for (let i = 0; i < LOGIN_ACCOUNT_SLOW_AFTER; i++, t += 1000) {
      const result = await authenticate("editor-under-fire@example.com", `guess ${i}`, `198.51.100.${i + 1}`, t);
      expect(result, `guess ${i}`).toEqual({ ok: false, reason: "invalid", message: INVALID_CREDENTIALS });
    }
    const lastFailure = t - 1000;
    // Every client now waits, whatever the password: a guess in the wait learns nothing.
    const inTheWait = lastFailure + 500;
    const waiting = await authenticate("editor-under-fire@example.com", "guess", "198.51.100.200", inTheWait);
    expect(waiting).toEqual({ ok: false, reason: "throttled", message: waitMessage(1) });
    const owner = await authenticate("editor-under-fire@example.com", "the right password", "192.0.2.44", inTheWait);
    expect(owner).toMatchObject({ ok: false, reason: "throttled" });
    // After the wait the right password from a client never seen before gets in.
    const after = lastFailure + accountDelayMs(LOGIN_ACCOUNT_SLOW_AFTER);
    expect((await authenticate("editor-under-fire@example.com", "the right password", "192.0.2.44", after)).ok).toBe(
      true,
    );
  });

  it("grows the wait with every failure, up to a minute and never further: no outsider can lock the owner out", async () => {
    const now = freshClock();
    await account("never-locked@example.com");
    let t = now;
    let failures = 0;
    // An attacker with a fresh address for every guess, guessing as fast as the limit lets them.
    for (let i = 0; i < 18; i++) {
      const result = await authenticate("never-locked@example.com", `guess ${i}`, `10.9.${i}.1`, t);
      expect(result.ok).toBe(false);
      if (!result.ok && result.reason === "invalid") failures++;
      t += accountDelayMs(failures);
    }
    expect(failures).toBe(18);
    expect(accountDelayMs(LOGIN_ACCOUNT_SLOW_AFTER + 1)).toBe(2_000);
    expect(accountDelayMs(failures)).toBe(60_000);
    expect(accountDelayMs(10_000)).toBe(60_000);
    const owner = await authenticate("never-locked@example.com", "the right password", "192.0.2.45", t);
    expect(owner.ok).toBe(true);
  }, 30_000);
});

describe("IPv6 clients", () => {
  it("are grouped by /64, whichever way the address is written", () => {
    expect(ipGroup("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipGroup("2001:0db8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(ipGroup("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(ipGroup("2001:DB8::1%eth0")).toBe("2001:db8:0:0::/64");
    expect(ipGroup("::1")).toBe("0:0:0:0::/64");
    expect(ipGroup("2001:db8:1:3::1")).not.toBe(ipGroup("2001:db8:1:2::1"));
    expect(ipGroup("203.0.113.7")).toBe("203.0.113.7");
  });

  it("two addresses in the same /64 share one counter; the next /64 does not", async () => {
    const now = freshClock();
    await account("v6@example.com");
    for (let i = 0; i < 5; i++) {
      const address = `2001:db8:aa:bb:${i.toString(16)}:${(i * 7).toString(16)}::${i + 1}`;
      expect((await authenticate("v6@example.com", `guess ${i}`, address, now + i)).ok).toBe(false);
    }
    expect(await authenticate("v6@example.com", "the right password", "2001:db8:aa:bb:ffff::9", now + 10)).toEqual({
      ok: false,
      reason: "throttled",
      message: TOO_MANY_ATTEMPTS,
    });
    expect((await authenticate("v6@example.com", "the right password", "2001:db8:aa:bc::9", now + 10)).ok).toBe(true);
  });
});
