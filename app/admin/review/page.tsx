import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/admin/page-chrome";
import { ReviewDecisions } from "@/components/admin/review/review-decisions";
import { requireEditor } from "@/lib/auth/guards";
import { getSettingsUncached } from "@/lib/data/settings";
import { listReviewQueue } from "@/lib/data/status-history";
import { formatDateTime } from "@/lib/format/dates";
import { plural } from "@/lib/format/text";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  await requireEditor("/admin/review");
  const [queue, { timezone }] = await Promise.all([listReviewQueue(), getSettingsUncached()]);
  return (
    <>
      <PageTitle>Review</PageTitle>
      <p className="-mt-4 mb-6 text-sm text-neutral-600 dark:text-neutral-400">
        {queue.length === 0
          ? "Nothing is waiting for review."
          : `${plural(queue.length, "story", "stories")} waiting for review, the longest waiting first.`}
      </p>
      <ul className="space-y-6" aria-label="Stories waiting for review">
        {queue.map((story) => (
          <li
            key={story.id}
            aria-labelledby={`review-${story.id}`}
            className="rounded-lg border border-neutral-200 p-4 dark:border-neutral-800"
          >
            <h2 id={`review-${story.id}`} className="text-lg font-bold">
              <Link href={`/admin/articles/${story.id}`} className="hover:underline">
                {story.headline}
              </Link>
            </h2>
            <p className="text-sm text-neutral-600 dark:text-neutral-400">
              {story.authorNames.length ? `By ${story.authorNames.join(", ")}` : "No byline"}
              {story.sectionName ? ` · ${story.sectionName}` : ""} · Submitted
              {story.submittedBy ? ` by ${story.submittedBy}` : ""} {formatDateTime(story.submittedAt, timezone)} ·{" "}
              <Link href={`/admin/articles/${story.id}/preview`} className="underline">
                Preview
              </Link>
            </p>
            <ReviewDecisions id={story.id} headline={story.headline} timezone={timezone} />
          </li>
        ))}
      </ul>
    </>
  );
}
