import type { MenuLink } from "@/lib/data/menus";
import { MenuAnchor } from "./menu-anchor";

/** `links`: the header menu an editor arranged, or the sections when there is none. */
export function SiteHeader({ title, tagline, links }: { title: string; tagline: string; links: MenuLink[] }) {
  return (
    <header className="border-b border-neutral-900 dark:border-neutral-300">
      <div className="mx-auto max-w-6xl px-4 pt-6 pb-3 text-center">
        <a href="/" className="font-serif text-4xl font-black tracking-tight sm:text-5xl">
          {title}
        </a>
        {tagline ? <p className="mt-1 text-sm text-neutral-600 italic dark:text-neutral-400">{tagline}</p> : null}
      </div>
      <nav aria-label="Sections" className="border-t border-neutral-200 dark:border-neutral-800">
        <ul className="mx-auto flex max-w-6xl flex-wrap items-center justify-center gap-x-5 gap-y-1 px-4 py-2 text-sm font-semibold">
          <li>
            <a href="/" className="hover:text-accent dark:hover:text-red-300">
              Home
            </a>
          </li>
          {links.map((l, i) => (
            <li key={`${i}-${l.href}`}>
              <MenuAnchor link={l} className="hover:text-accent dark:hover:text-red-300" />
            </li>
          ))}
          <li>
            <a href="/search" className="hover:text-accent dark:hover:text-red-300">
              Search
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}
