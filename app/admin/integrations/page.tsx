import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { CreateApiKeyForm, CreateWebhookForm } from "@/components/admin/integrations-forms";
import { AdminTable, PageTitle } from "@/components/admin/page-chrome";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import {
  deleteWebhookAction,
  redeliverWebhookAction,
  revokeApiKeyAction,
  setWebhookActiveAction,
} from "@/lib/actions/integrations";
import { requireRole } from "@/lib/auth/guards";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listApiKeys } from "@/lib/data/api-keys";
import { getSettingsUncached } from "@/lib/data/settings";
import { listDeliveries, listWebhooks, type Webhook } from "@/lib/data/webhooks";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Integrations" };

const cell = "py-2 pr-3";

export default async function IntegrationsPage() {
  await requireRole("administrator", "/admin/integrations");
  const [keys, webhooks, settings] = await Promise.all([listApiKeys(), listWebhooks(), getSettingsUncached()]);
  const when = (ms: number | null) => (ms === null ? "Never" : formatDateTime(ms, settings.timezone));
  const failed = webhooks.filter((w) => !w.active && w.disabledReason);
  return (
    <>
      <PageTitle>Integrations</PageTitle>
      {failed.length > 0 ? (
        <div role="alert" className="mb-6 rounded border-l-4 border-red-700 bg-red-50 p-4 text-sm dark:bg-red-950/40">
          <strong>Webhooks turned off after failing:</strong>{" "}
          {failed.map((w) => `${w.name || w.url} — ${w.disabledReason}`).join("; ")} Fix the receiver, then turn the
          webhook on and redeliver what it missed.
        </div>
      ) : null}
      <section aria-labelledby="keys" className="space-y-4">
        <h2 id="keys" className="text-xl font-bold">
          API keys
        </h2>
        <p className="max-w-3xl text-sm text-neutral-600 dark:text-neutral-400">
          Content API keys read published stories, sections, tags and authors at <code>/api/content/</code> (documented
          at{" "}
          <a className="underline" href="/api/content/openapi.json">
            /api/content/openapi.json
          </a>
          ). Send a key as <code>Authorization: Bearer &lt;key&gt;</code> or <code>?key=</code>.
        </p>
        {keys.length > 0 ? (
          <AdminTable
            caption="API keys"
            columns={["Name", "Kind", "Key", "Created", "Last used", ""]}
            minWidthClass="min-w-[720px]"
          >
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "text-neutral-500" : undefined}>
                <td className={`${cell} font-semibold`}>{k.name}</td>
                <td className={cell}>
                  {k.kind === "admin" ? `Admin (${ROLE_LABELS[k.role ?? "contributor"]})` : "Content"}
                </td>
                <td className={`${cell} font-mono`}>{k.prefix}…</td>
                <td className={cell}>{when(k.createdAt)}</td>
                <td className={cell}>{when(k.lastUsedAt)}</td>
                <td className="py-2">
                  {k.revokedAt ? (
                    `Revoked ${when(k.revokedAt)}`
                  ) : (
                    <ActionForm action={revokeApiKeyAction} hidden={{ id: k.id }}>
                      <ConfirmButton
                        title={`Revoke “${k.name}”?`}
                        description="Requests with this key are refused at once."
                        confirmLabel="Revoke"
                      >
                        Revoke
                      </ConfirmButton>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        ) : (
          <p className="text-sm">No keys yet.</p>
        )}
        <h3 className="pt-2 font-bold">Create a key</h3>
        <CreateApiKeyForm />
      </section>
      <section aria-labelledby="webhooks" className="mt-12 space-y-4">
        <h2 id="webhooks" className="text-xl font-bold">
          Webhooks
        </h2>
        <p className="max-w-3xl text-sm text-neutral-600 dark:text-neutral-400">
          Each event is POSTed as JSON and signed: <code>X-Newsroom-Signature: t=&lt;seconds&gt;,v1=&lt;HMAC&gt;</code>.
          A receiver that fails is retried with growing pauses for 24 hours, then the webhook is turned off.
        </p>
        {webhooks.length === 0 ? <p className="text-sm">No webhooks yet.</p> : null}
        {await Promise.all(webhooks.map((w) => <WebhookPanel key={w.id} webhook={w} when={when} />))}
        <h3 className="pt-2 font-bold">Add a webhook</h3>
        <CreateWebhookForm />
      </section>
    </>
  );
}

async function WebhookPanel({ webhook: w, when }: { webhook: Webhook; when: (ms: number | null) => string }) {
  const deliveries = await listDeliveries(w.id, 20);
  const label = w.name || w.url;
  return (
    <article aria-label={`Webhook ${label}`} className="rounded border border-neutral-300 p-4 dark:border-neutral-700">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">{label}</h3>
        <span
          className={`rounded px-2 py-0.5 text-xs font-semibold ${w.active ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900"}`}
        >
          {w.active ? "On" : "Off"}
        </span>
        <ActionForm action={setWebhookActiveAction} hidden={{ id: w.id, active: w.active ? "false" : "true" }}>
          <SubmitButton size="sm" variant="secondary" pendingLabel="Working…">
            {w.active ? "Turn off" : "Turn on"}
          </SubmitButton>
        </ActionForm>
        <ActionForm action={deleteWebhookAction} hidden={{ id: w.id }}>
          <ConfirmButton
            title={`Delete the webhook ${label}?`}
            description="Its delivery log goes with it."
            confirmLabel="Delete"
          >
            Delete
          </ConfirmButton>
        </ActionForm>
      </div>
      <p className="mt-1 font-mono text-sm break-all">{w.url}</p>
      <p className="mt-1 text-sm">Events: {w.events.join(", ")}</p>
      {w.failureStreak > 0 ? (
        <p className="mt-1 text-sm text-red-700 dark:text-red-400">{w.failureStreak} failed attempts in a row.</p>
      ) : null}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer font-semibold underline">Signing secret</summary>
        <code className="mt-1 block break-all">{w.secret}</code>
      </details>
      <h4 className="mt-4 text-sm font-bold">Recent deliveries</h4>
      {deliveries.length === 0 ? (
        <p className="text-sm">None yet.</p>
      ) : (
        <AdminTable
          caption={`Deliveries of ${label}`}
          columns={["Event", "Status", "Response", "Duration", "Attempts", "Queued", ""]}
          minWidthClass="min-w-[760px]"
        >
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className={`${cell} font-mono`}>{d.event}</td>
              <td className={cell}>
                {d.status === "delivered" ? "Delivered" : d.status === "failed" ? "Failed" : "Pending"}
                {d.error && d.status !== "delivered" ? (
                  <span className="block text-xs text-red-700 dark:text-red-400">{d.error}</span>
                ) : null}
              </td>
              <td className={cell}>{d.responseCode ?? "—"}</td>
              <td className={cell}>{d.durationMs === null ? "—" : `${d.durationMs} ms`}</td>
              <td className={cell}>{d.attempts}</td>
              <td className={cell}>{when(d.createdAt)}</td>
              <td className="py-2">
                <ActionForm
                  action={redeliverWebhookAction}
                  hidden={{ id: d.id }}
                  label={`Redeliver ${d.event} ${d.eventId}`}
                >
                  <SubmitButton size="sm" variant="secondary" pendingLabel="Queuing…">
                    Redeliver
                  </SubmitButton>
                </ActionForm>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </article>
  );
}
