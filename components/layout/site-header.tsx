import { IntentLink } from "@/components/layout/intent-link";
import { sectionPath } from "@/lib/site";
import type { Section } from "@/lib/data/taxonomy";

export function SiteHeader({ title, tagline, sections }: { title: string; tagline: string; sections: Section[] }) {
  return (
    <header className="border-b border-neutral-900 dark:border-neutral-300">
      <div className="mx-auto max-w-6xl px-4 pt-6 pb-3 text-center">
        <IntentLink href="/" className="font-serif text-4xl font-black tracking-tight sm:text-5xl">
          {title}
        </IntentLink>
        {tagline ? <p className="mt-1 text-sm text-neutral-600 italic dark:text-neutral-400">{tagline}</p> : null}
      </div>
      <nav aria-label="Sections" className="border-t border-neutral-200 dark:border-neutral-800">
        <ul className="mx-auto flex max-w-6xl flex-wrap items-center justify-center gap-x-5 gap-y-1 px-4 py-2 text-sm font-semibold">
          <li>
            <IntentLink href="/" className="hover:text-accent dark:hover:text-red-300">
              Home
            </IntentLink>
          </li>
          {sections.map((s) => (
            <li key={s.id}>
              <IntentLink href={sectionPath(s.slug)} className="hover:text-accent dark:hover:text-red-300">
                {s.name}
              </IntentLink>
            </li>
          ))}
          <li>
            <IntentLink href="/search" className="hover:text-accent dark:hover:text-red-300">
              Search
            </IntentLink>
          </li>
        </ul>
      </nav>
    </header>
  );
}
