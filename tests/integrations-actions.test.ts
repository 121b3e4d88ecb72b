import { describe, expect, it, vi } from "vitest";
import { createApiKeyAction, createWebhookAction } from "@/lib/actions/integrations";
import { idleState } from "@/lib/actions/state";
import { findApiKey, listApiKeys } from "@/lib/data/api-keys";
import { createUser } from "@/lib/data/users";
import { listWebhooks } from "@/lib/data/webhooks";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const user = await createUser({ email: "admin@example.com", name: "Admin", role: "administrator", passwordHash: "x" });
const admin = { id: user.id, email: user.email, name: user.name, role: "administrator" as const };

function form(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

describe("integrations screen actions", () => {
  it("shows a new key once, stores only its hash, and binds an Admin key to a role below administrator", async () => {
    signInAs(admin);
    const made = await createApiKeyAction(idleState, form({ name: "Wire", kind: "admin", role: "editor" }));
    expect(made.status).toBe("ok");
    const key = (made as { secret?: string }).secret!;
    expect(key).toMatch(/^mpa_/);
    expect(await findApiKey(key)).toMatchObject({ kind: "admin", role: "editor" });
    expect(JSON.stringify(await listApiKeys())).not.toContain(key);
    const escalated = await createApiKeyAction(idleState, form({ name: "Root", kind: "admin", role: "administrator" }));
    expect(escalated.status).toBe("error");
  });

  it("refuses webhook addresses on private networks and needs an event", async () => {
    signInAs(admin);
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    for (const url of [
      "http://127.0.0.1:3000/",
      "http://169.254.169.254/",
      "http://localhost/",
      "file:///etc/passwd",
    ]) {
      const refused = await createWebhookAction(idleState, form({ url, events: ["story.published"] }));
      expect(refused.status, url).toBe("error");
      expect(refused.fieldErrors?.url?.length, url).toBe(1);
    }
    const none = await createWebhookAction(idleState, form({ url: "https://example.com/hook" }));
    expect(none.fieldErrors?.events).toBeDefined();
    const added = await createWebhookAction(
      idleState,
      form({ url: "https://example.com/hook", events: ["story.published", "comment.approved"] }),
    );
    expect(added.status).toBe("ok");
    expect((added as { secret?: string }).secret).toMatch(/^whsec_/);
    expect((await listWebhooks()).map((w) => w.events)).toEqual([["story.published", "comment.approved"]]);
  });
});
