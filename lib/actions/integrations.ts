"use server";

import { refresh } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { createWebhook, deleteWebhook, redeliver, setWebhookActive } from "@/lib/data/webhooks";
import { newWebhookSecret } from "@/lib/webhooks/sign";
import { checkWebhookUrl } from "@/lib/webhooks/ssrf";
import {
  CreateApiKeySchema,
  CreateWebhookSchema,
  IdSchema,
  SetWebhookActiveSchema,
} from "@/lib/validation/integrations";
import { failure, invalid, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

/** A new key or secret, shown to the administrator this once: only its hash is stored. */
export type SecretState = ActionState & { secret?: string };

export const createApiKeyAction = withRole(
  "administrator",
  CreateApiKeySchema,
  async (input, admin): Promise<SecretState> => {
    const { key, record } = await createApiKey({
      name: input.name,
      kind: input.kind,
      role: input.kind === "admin" ? (input.role ?? "contributor") : null,
      createdById: admin.id,
    });
    await recordAudit({
      action: "api-key.create",
      target: { type: "api-key", id: record.id },
      summary: `${record.name} (${record.kind === "admin" ? `Admin, ${record.role}` : "Content"})`,
    });
    refresh();
    return { ...ok(`Key “${record.name}” created. Copy it now: it is not shown again.`), secret: key };
  },
  { read: (form) => ({ ...Object.fromEntries(form), role: form.get("role") || undefined }) },
);

export const revokeApiKeyAction = withRole(
  "administrator",
  IdSchema,
  async ({ id }) => {
    if (!(await revokeApiKey(id))) return failure("That key is already revoked.");
    await recordAudit({ action: "api-key.revoke", target: { type: "api-key", id } });
    refresh();
    return ok("Key revoked: requests with it are refused from now on.");
  },
  { invalid: "Unknown key." },
);

export const createWebhookAction = withRole(
  "administrator",
  CreateWebhookSchema,
  async (input, _admin, form): Promise<SecretState> => {
    const problem = checkWebhookUrl(input.url);
    if (problem) return invalid(form, { url: [problem] });
    const secret = newWebhookSecret();
    const hook = await createWebhook({ ...input, secret });
    await recordAudit({
      action: "webhook.create",
      target: { type: "webhook", id: hook.id },
      summary: `${input.name}: ${new URL(input.url).host} (${input.events.join(", ")})`,
    });
    refresh();
    return { ...ok("Webhook added. Use its signing secret to check each delivery."), secret };
  },
  { read: (form) => ({ name: form.get("name") ?? "", url: form.get("url") ?? "", events: form.getAll("events") }) },
);

export const setWebhookActiveAction = withRole(
  "administrator",
  SetWebhookActiveSchema,
  async ({ id, active }) => {
    if (!(await setWebhookActive(id, active === "true"))) return failure("That webhook no longer exists.");
    await recordAudit({
      action: active === "true" ? "webhook.enable" : "webhook.disable",
      target: { type: "webhook", id },
    });
    refresh();
    return ok(active === "true" ? "Webhook turned on." : "Webhook turned off.");
  },
  { invalid: "Unknown webhook." },
);

export const deleteWebhookAction = withRole(
  "administrator",
  IdSchema,
  async ({ id }) => {
    if (!(await deleteWebhook(id))) return failure("That webhook no longer exists.");
    await recordAudit({ action: "webhook.delete", target: { type: "webhook", id } });
    refresh();
    return ok("Webhook deleted.");
  },
  { invalid: "Unknown webhook." },
);

export const redeliverWebhookAction = withRole(
  "administrator",
  IdSchema,
  async ({ id }) => {
    if (!(await redeliver(id))) return failure("That delivery can no longer be sent.");
    await recordAudit({ action: "webhook.redeliver", target: { type: "webhook-delivery", id } });
    refresh();
    return ok("Delivery queued again.");
  },
  { invalid: "Unknown delivery." },
);
