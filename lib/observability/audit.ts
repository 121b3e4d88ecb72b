import "server-only";
import { headers } from "next/headers";
import type { AuditTransaction } from "@/lib/data/audit";
import { getSessionUser } from "@/lib/auth/session";
import { clientIpFrom } from "@/lib/edge/client-ip";
import { insertAuditEntry } from "@/lib/data/audit";
import { logger } from "./logger";

/** Who did it: a signed-in user, or (a failed sign-in) the email that was tried. */
export type AuditActor = { id: number | null; name: string; email: string };

export type AuditRecord = {
  /** What was done, as `thing.verb`: "article.publish", "user.role", "api-key.create", "sign-in.failure". */
  action: string;
  target?: { type: string; id?: string | number };
  /** A short human sentence: the story's title, the new role. Never a password, token or email body. */
  summary?: string;
  /** By default the signed-in user of this request. */
  actor?: AuditActor;
  /** By default the client address the edge decided for this request. */
  ip?: string;
  /** The transaction of the change, so both commit together (outbox-style); otherwise written alone. */
  on?: AuditTransaction;
};

/**
 * Appends one entry to the audit trail (/admin/audit). Call it from an action or a route handler after a
 * newsroom change succeeds; it reads the caller and their address from the request unless given. An
 * entry that cannot be written is logged, and the change it records stands.
 */
export async function recordAudit(record: AuditRecord): Promise<void> {
  try {
    const actor = record.actor ?? (await currentActor());
    // Outside a request (a script, a job) there are no headers: the entry has no address.
    const ip =
      record.ip ??
      (await Promise.resolve()
        .then(headers)
        .then(clientIpFrom, () => ""));
    await insertAuditEntry(
      {
        actorId: actor.id,
        actorName: actor.name,
        actorEmail: actor.email,
        action: record.action,
        targetType: record.target?.type,
        targetId: record.target?.id,
        summary: record.summary,
        ip,
      },
      record.on,
    );
  } catch (error) {
    if (record.on) throw error;
    logger.error({ err: error, action: record.action }, "audit entry not written");
  }
}

async function currentActor(): Promise<AuditActor> {
  const user = await getSessionUser();
  return user ? { id: user.id, name: user.name, email: user.email } : { id: null, name: "", email: "" };
}

/** Plain names for the actions the trail shows, for its filter; an unknown action shows as stored. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "article.create": "Article created",
  "article.update": "Article edited",
  "article.publish": "Article published",
  "article.schedule": "Article scheduled",
  "article.unpublish": "Article unpublished",
  "article.trash": "Article moved to trash",
  "article.restore": "Article restored from trash",
  "article.delete": "Article deleted permanently",
  "article.revision-restore": "Revision restored",
  "page.create": "Page created",
  "page.update": "Page edited",
  "page.delete": "Page deleted",
  "page.revision-restore": "Page revision restored",
  "menu.update": "Menu changed",
  "user.create": "User created",
  "user.role": "Role changed",
  "user.deactivate": "User deactivated",
  "user.reactivate": "User reactivated",
  "user.password-reset": "Password reset",
  "profile.password": "Own password changed",
  "profile.update": "Own profile edited",
  "settings.update": "Settings changed",
  "comments.moderate": "Comments moderated",
  "comments.empty": "Spam or trash emptied",
  "comment.reply": "Comment replied to",
  "comment.edit": "Comment edited",
  "import.wordpress": "WordPress import",
  "article.send-back": "Article sent back to its writer",
  "front-page.pin": "Front page: story placed",
  "front-page.move": "Front page: story moved",
  "front-page.remove": "Front page: story removed",
  "breaking.raise": "Breaking banner raised",
  "breaking.clear": "Breaking banner cleared",
  "live.start": "Live coverage started",
  "live.end": "Live coverage ended",
  "live.delete-update": "Live update deleted",
  "media.delete": "Image deleted",
  "api-key.create": "API key created",
  "api-key.revoke": "API key revoked",
  "webhook.create": "Webhook created",
  "webhook.enable": "Webhook enabled",
  "webhook.disable": "Webhook disabled",
  "webhook.delete": "Webhook deleted",
  "webhook.redeliver": "Webhook delivery sent again",
  "subscribers.import": "Subscribers imported",
  "subscribers.export": "Subscribers exported",
  "subscriber.delete": "Subscriber deleted",
  "sign-in.success": "Signed in",
  "sign-in.failure": "Sign-in refused",
  "sign-out": "Signed out",
};
