import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { ArticleStatusBadge } from "@/components/admin/status-badge";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteArticleAction, restoreArticleAction, trashArticleAction } from "@/lib/actions/articles";
import type { AdminArticleRow, DeletionToll } from "@/lib/data/admin-articles";
import { formatDateTime } from "@/lib/format/dates";
import { plural } from "@/lib/format/text";

/** One story in the newsroom's article list, with what may be done to it from here. */
export function ArticleRow({
  article: a,
  timezone,
  canDelete,
  toll,
}: {
  article: AdminArticleRow;
  timezone: string;
  canDelete: boolean;
  /** For a trashed story: what deleting it permanently also deletes. */
  toll?: DeletionToll;
}) {
  return (
    <tr className="align-top">
      <td className="py-2 pr-3 font-semibold">
        {a.trashedAt ? (
          a.headline
        ) : (
          <Link href={`/admin/articles/${a.id}`} className="hover:underline">
            {a.headline}
          </Link>
        )}
      </td>
      <td className="py-2 pr-3">{a.authorNames.join(", ") || "—"}</td>
      <td className="py-2 pr-3">{a.sectionName ?? "—"}</td>
      <td className="py-2 pr-3">
        <ArticleStatusBadge status={a.trashedAt ? "trash" : a.status} />
      </td>
      <td className="py-2 pr-3 whitespace-nowrap">
        {a.publishedAt && a.status !== "draft"
          ? formatDateTime(a.publishedAt, timezone)
          : `Edited ${formatDateTime(a.updatedAt, timezone)}`}
      </td>
      <td className="py-2">
        <div className="flex flex-wrap gap-2">
          {a.trashedAt ? <TrashedActions article={a} canDelete={canDelete} toll={toll} /> : <LiveActions article={a} />}
        </div>
      </td>
    </tr>
  );
}

function LiveActions({ article: a }: { article: AdminArticleRow }) {
  return (
    <>
      <Link
        href={`/admin/articles/${a.id}/preview`}
        className="rounded border border-neutral-300 px-2.5 py-1 text-xs font-semibold dark:border-neutral-700"
      >
        Preview
      </Link>
      <ActionForm action={trashArticleAction} hidden={{ id: a.id }}>
        <ConfirmButton
          title={`Move “${a.headline}” to the trash?`}
          description="Readers will no longer see it. You can restore it from the trash."
          confirmLabel="Move to trash"
        >
          Trash
        </ConfirmButton>
      </ActionForm>
    </>
  );
}

function TrashedActions({
  article: a,
  canDelete,
  toll,
}: {
  article: AdminArticleRow;
  canDelete: boolean;
  toll?: DeletionToll;
}) {
  return (
    <>
      <ActionForm action={restoreArticleAction} hidden={{ id: a.id }}>
        <SubmitButton variant="secondary" size="sm" pendingLabel="Restoring…">
          Restore
        </SubmitButton>
      </ActionForm>
      {canDelete ? (
        <ActionForm action={deleteArticleAction} hidden={{ id: a.id }}>
          <ConfirmButton
            title={`Delete “${a.headline}” permanently?`}
            description={deletionDescription(toll)}
            confirmLabel="Delete permanently"
          >
            Delete permanently
          </ConfirmButton>
        </ActionForm>
      ) : null}
    </>
  );
}

function deletionDescription(toll: DeletionToll | undefined): string {
  const { comments = 0, revisions = 0 } = toll ?? {};
  return `Its ${plural(comments, "comment")} and ${plural(revisions, "revision")} are deleted with it. This cannot be undone.`;
}
