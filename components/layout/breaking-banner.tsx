import Link from "next/link";
import type { BreakingBanner as Banner } from "@/lib/data/front-page";

/** The Breaking banner across the top of every reader page, while an editor keeps it up. */
export function BreakingBanner({ banner }: { banner: Banner | null }) {
  if (!banner) return null;
  const text = (
    <>
      <strong className="mr-2 tracking-widest uppercase">Breaking</strong>
      {banner.text}
    </>
  );
  return (
    <aside aria-label="Breaking news" className="bg-red-800 text-white">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm">
        {banner.url ? (
          <Link href={banner.url} className="underline-offset-2 hover:underline">
            {text}
          </Link>
        ) : (
          text
        )}
      </p>
    </aside>
  );
}
