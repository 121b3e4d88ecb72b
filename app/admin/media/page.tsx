import type { Metadata } from "next";
import Link from "next/link";
import { MediaCard } from "@/components/admin/media/media-card";
import { MediaSearch } from "@/components/admin/media/media-search";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireStaff } from "@/lib/auth/guards";
import { listMedia } from "@/lib/data/media";
import { getSettingsUncached } from "@/lib/data/settings";
import { canManageMedia } from "@/lib/media/rules";

export const metadata: Metadata = { title: "Media library" };

type Props = { searchParams: Promise<{ q?: string; filter?: string; before?: string }> };

/** The address of a view of the library; empty parameters are left out. */
function mediaHref(view: { q: string; unused: boolean; before?: number | null }): string {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  if (view.unused) params.set("filter", "unused");
  if (view.before) params.set("before", String(view.before));
  const query = params.toString();
  return query ? `/admin/media?${query}` : "/admin/media";
}

export default async function MediaPage({ searchParams }: Props) {
  const user = await requireStaff("/admin/media");
  const params = await searchParams;
  const q = (params.q ?? "").trim().slice(0, 200);
  const unused = params.filter === "unused";
  const before = Number(params.before) > 0 ? Math.floor(Number(params.before)) : null;
  const [page, { timezone }] = await Promise.all([listMedia({ search: q, unused, before }), getSettingsUncached()]);

  return (
    <>
      <PageTitle>Media library</PageTitle>
      <nav
        aria-label="Filter images"
        className="flex gap-1 border-b border-neutral-200 text-sm dark:border-neutral-800"
      >
        {[
          { label: "All images", on: !unused },
          { label: "Unused", on: unused },
        ].map((tab) => (
          <Link
            key={tab.label}
            href={mediaHref({ q, unused: tab.label === "Unused" })}
            aria-current={tab.on ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 ${tab.on ? "border-neutral-900 font-bold dark:border-white" : "border-transparent text-neutral-600 hover:text-neutral-900 dark:text-neutral-400"}`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <MediaSearch query={q} unused={unused} />
      {page.items.length === 0 ? (
        <p className="py-8 text-neutral-600 dark:text-neutral-400">
          {q || unused ? "No images match." : "No images yet: images uploaded in stories appear here."}
        </p>
      ) : (
        <ul aria-label="Images" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {page.items.map((item) => (
            <MediaCard key={item.id} item={item} timezone={timezone} canManage={canManageMedia(user, item)} />
          ))}
        </ul>
      )}
      <nav aria-label="More images" className="mt-6 flex justify-between text-sm font-semibold">
        {before ? (
          <Link href={mediaHref({ q, unused })} className="underline">
            ← Newest images
          </Link>
        ) : (
          <span />
        )}
        {page.nextBefore ? (
          <Link href={mediaHref({ q, unused, before: page.nextBefore })} className="underline">
            Older images →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
