import { getSessionUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import { eachSubscriber } from "@/lib/data/subscribers";
import { csvField } from "@/lib/mail/csv";
import { recordAudit } from "@/lib/observability/audit";

// The subscriber list as CSV, for administrators only (it is personal data), streamed a batch at a time.
export async function GET() {
  const user = await getSessionUser();
  if (!user || !hasRole(user, "administrator")) return new Response("Not allowed.\n", { status: 403 });
  // Personal data leaving the server: the trail says who took it, and when.
  await recordAudit({ action: "subscribers.export", target: { type: "subscribers" } });
  const encoder = new TextEncoder();
  const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : "");
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode("email,status,newsletters,source,confirmed_at,created_at\r\n"));
      for await (const batch of eachSubscriber()) {
        const lines = batch.map((s) =>
          [s.email, s.status, s.lists.join(" "), s.source, iso(s.confirmedAt), iso(s.createdAt)]
            .map(csvField)
            .join(","),
        );
        controller.enqueue(encoder.encode(lines.join("\r\n") + "\r\n"));
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
