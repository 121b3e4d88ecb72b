import Link from "next/link";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { trashArticleAction, unpublishArticleAction } from "@/lib/actions/articles";
import { isUnpublishedStatus } from "@/lib/auth/roles";
import { ActionForm } from "./action-form";

/** The editor's secondary actions, outside the main form (forms cannot nest). */
export function ArticleActions({
  id,
  slug,
  status,
  canPublish,
}: {
  id: number;
  slug: string;
  status: string;
  canPublish: boolean;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-center gap-2 text-sm">
      <Link
        href={`/admin/articles/${id}/preview`}
        className="rounded border border-neutral-300 px-3 py-1.5 font-semibold dark:border-neutral-700"
      >
        Preview
      </Link>
      <Link
        href={`/admin/articles/${id}/revisions`}
        className="rounded border border-neutral-300 px-3 py-1.5 font-semibold dark:border-neutral-700"
      >
        Revisions
      </Link>
      {status === "published" ? (
        <Link
          href={`/articles/${slug}`}
          className="rounded border border-neutral-300 px-3 py-1.5 font-semibold dark:border-neutral-700"
        >
          View on site
        </Link>
      ) : null}
      {!isUnpublishedStatus(status) && canPublish ? (
        <ActionForm action={unpublishArticleAction} hidden={{ id }}>
          <ConfirmButton
            title="Unpublish this article?"
            description="It becomes a draft and disappears from reader pages."
            confirmLabel="Unpublish"
            variant="secondary"
          >
            Unpublish
          </ConfirmButton>
        </ActionForm>
      ) : null}
      {isUnpublishedStatus(status) || canPublish ? (
        <ActionForm action={trashArticleAction} hidden={{ id }}>
          <ConfirmButton
            title="Move this article to the trash?"
            description="Readers will no longer see it. You can restore it from the trash."
            confirmLabel="Move to trash"
          >
            Move to trash
          </ConfirmButton>
        </ActionForm>
      ) : null}
    </div>
  );
}
