import Link from "next/link";
import type { MenuLink } from "@/lib/data/menus";
import { MenuAnchor } from "./menu-anchor";

/** `links`: the footer menu an editor arranged (pages such as About), before the fixed links. */
export function SiteFooter({ title, links = [] }: { title: string; links?: MenuLink[] }) {
  return (
    <footer className="mt-16 border-t border-neutral-900 dark:border-neutral-300">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-6 text-sm text-neutral-600 dark:text-neutral-400">
        <p>© {title}. Independent journalism, self-hosted.</p>
        {links.length ? (
          <nav aria-label="Footer">
            <ul className="flex flex-wrap gap-4">
              {links.map((l, i) => (
                <li key={`${i}-${l.href}`}>
                  <MenuAnchor link={l} className="hover:underline" />
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <ul className="flex gap-4">
          {/* Route handlers, not pages: plain links, never prefetched or fetched as RSC by the router. */}
          <li>
            <a href="/feed.xml" className="hover:underline">
              RSS feed
            </a>
          </li>
          <li>
            <a href="/sitemap.xml" className="hover:underline">
              Sitemap
            </a>
          </li>
          <li>
            <Link href="/login" className="hover:underline" prefetch={false}>
              Staff sign-in
            </Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
