import Image from "next/image";
import Link from "next/link";
import type { MediaItem } from "@/lib/data/media";
import { formatDate } from "@/lib/format/dates";
import { describeUse, type MediaUse } from "@/lib/media/rules";
import { DeleteMediaForm, MediaDetailsForm } from "./media-forms";

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** One image of the library: what it is, where it is used, and (for who may) its details and delete. */
export function MediaCard({ item, timezone, canManage }: { item: MediaItem; timezone: string; canManage: boolean }) {
  const nameId = `media-${item.id}-name`;
  return (
    <li
      aria-labelledby={nameId}
      className="flex flex-col gap-3 rounded-lg border border-neutral-200 p-3 dark:border-neutral-800"
    >
      <div className="relative aspect-[4/3] overflow-hidden rounded bg-neutral-200 dark:bg-neutral-800">
        <Image
          src={item.path}
          alt={item.alt}
          fill
          sizes="(min-width: 1024px) 22rem, (min-width: 640px) 45vw, 90vw"
          className="object-cover"
        />
      </div>
      <div>
        <h2 id={nameId} className="font-semibold break-all">
          {item.fileName}
        </h2>
        <p className="text-xs text-neutral-600 dark:text-neutral-400">
          {item.width && item.height ? `${item.width} × ${item.height} px · ` : ""}
          {sizeText(item.bytes)} · Uploaded {item.uploadedBy ? `by ${item.uploadedBy} ` : ""}
          {formatDate(item.createdAt, timezone)}
        </p>
      </div>
      <div>
        <h3 className="text-sm font-semibold">Where used</h3>
        {item.uses.length === 0 ? (
          <p className="text-sm text-neutral-600 dark:text-neutral-400">Not used anywhere.</p>
        ) : (
          <ul className="list-disc pl-5 text-sm">
            {item.uses.map((use) => (
              <li key={keyOfUse(use)}>
                {use.kind === "avatar" ? (
                  describeUse(use)
                ) : use.kind === "page" ? (
                  <Link href={`/admin/pages/${use.pageId}`} className="inline-block py-1 underline">
                    {describeUse(use)}
                  </Link>
                ) : (
                  <Link href={`/admin/articles/${use.articleId}`} className="inline-block py-1 underline">
                    {describeUse(use)}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canManage ? (
        <>
          <MediaDetailsForm item={item} />
          <DeleteMediaForm id={item.id} fileName={item.fileName} />
        </>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-sm">
          <dt className="font-semibold">Alt text</dt>
          <dd>{item.alt || "—"}</dd>
          <dt className="font-semibold">Caption</dt>
          <dd>{item.caption || "—"}</dd>
          <dt className="font-semibold">Credit</dt>
          <dd>{item.credit || "—"}</dd>
        </dl>
      )}
    </li>
  );
}

function keyOfUse(use: MediaUse): string {
  if (use.kind === "avatar") return `a${use.authorId}`;
  if (use.kind === "page") return `p${use.pageId}`;
  return `${use.kind}${use.articleId}`;
}
