import type { Metadata } from "next";
import Link from "next/link";
import {
  BreakingForm,
  ClearBreakingButton,
  PickControls,
  PinForm,
} from "@/components/admin/front-page/front-page-forms";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireEditor } from "@/lib/auth/guards";
import {
  getBreakingBannerUncached,
  listFrontPagePicks,
  listPinnableStories,
  TOP_STORIES_MAX,
  type FrontPagePick,
} from "@/lib/data/front-page";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Front page" };

const panel = "rounded-lg border border-neutral-200 p-4 dark:border-neutral-800";

export default async function FrontPageScreen() {
  await requireEditor("/admin/front-page");
  const [picks, stories, banner, { timezone }] = await Promise.all([
    listFrontPagePicks(),
    listPinnableStories(),
    getBreakingBannerUncached(),
    getSettingsUncached(),
  ]);
  const lead = picks.find((p) => p.slot === "lead");
  const top = picks.filter((p) => p.slot === "top");
  return (
    <>
      <PageTitle>Front page</PageTitle>
      <p className="-mt-4 mb-6 text-sm text-neutral-600 dark:text-neutral-400">
        Choose the lead and up to {TOP_STORIES_MAX} Top stories; empty slots fill with the latest stories.{" "}
        <Link href="/" className="underline">
          View the home page
        </Link>
      </p>
      <div className="grid gap-8 lg:grid-cols-2">
        <div className="space-y-8">
          <section aria-labelledby="lead-title" className={panel}>
            <h2 id="lead-title" className="mb-3 text-xl font-bold">
              Lead story
            </h2>
            {lead ? (
              <PickRow pick={lead} timezone={timezone}>
                <PickControls articleId={lead.articleId} headline={lead.headline} />
              </PickRow>
            ) : (
              <p className="text-sm text-neutral-600 dark:text-neutral-400">Not chosen: the latest story leads.</p>
            )}
          </section>
          <section aria-labelledby="top-title" className={panel}>
            <h2 id="top-title" className="mb-3 text-xl font-bold">
              Top stories
            </h2>
            {top.length ? (
              <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" aria-label="Top stories, in order">
                {top.map((p, i) => (
                  <li key={p.articleId} className="py-2">
                    <PickRow pick={p} timezone={timezone}>
                      <PickControls
                        articleId={p.articleId}
                        headline={p.headline}
                        canMoveUp={i > 0}
                        canMoveDown={i < top.length - 1}
                      />
                    </PickRow>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-neutral-600 dark:text-neutral-400">
                None chosen: the latest stories follow the lead.
              </p>
            )}
          </section>
          <section aria-labelledby="pin-title" className={panel}>
            <h2 id="pin-title" className="mb-3 text-xl font-bold">
              Add to the front page
            </h2>
            <PinForm stories={stories} timezone={timezone} />
          </section>
        </div>
        <section aria-labelledby="breaking-title" className={`${panel} self-start`}>
          <h2 id="breaking-title" className="mb-3 text-xl font-bold">
            Breaking banner
          </h2>
          {banner ? (
            <div className="mb-4 space-y-2 rounded bg-red-50 p-3 text-sm text-red-950 dark:bg-red-950 dark:text-red-50">
              <p>
                <strong>Showing now:</strong> {banner.text}
                {banner.url ? ` → ${banner.url}` : ""}
              </p>
              <p>{banner.expiresAt ? `Until ${formatDateTime(banner.expiresAt, timezone)}` : "Until cleared"}</p>
              <ClearBreakingButton />
            </div>
          ) : (
            <p className="mb-4 text-sm text-neutral-600 dark:text-neutral-400">No banner is showing.</p>
          )}
          <BreakingForm timezone={timezone} />
        </section>
      </div>
    </>
  );
}

function PickRow({ pick, timezone, children }: { pick: FrontPagePick; timezone: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <p className="font-semibold">
        <Link href={`/admin/articles/${pick.articleId}`} className="hover:underline">
          {pick.headline}
        </Link>
      </p>
      <p className="text-xs text-neutral-600 dark:text-neutral-400">
        {pick.live ? "" : "Not published: hidden from readers. "}
        {pick.expiresAt ? `Until ${formatDateTime(pick.expiresAt, timezone)}` : "No expiry"}
      </p>
      {children}
    </div>
  );
}
