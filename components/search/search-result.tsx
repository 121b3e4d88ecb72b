import Link from "next/link";
import { Byline } from "@/components/article/byline";
import { SectionLink } from "@/components/article/section-link";
import { TimeStamp } from "@/components/article/time-stamp";
import type { SearchHit } from "@/lib/data/search";
import { articlePath } from "@/lib/site";
import { HighlightedText } from "./highlighted-text";

export function SearchResult({ hit, timeZone }: { hit: SearchHit; timeZone: string }) {
  return (
    <article>
      {hit.section ? <SectionLink section={hit.section} /> : null}
      <h2 className="mt-1 font-serif text-xl leading-snug font-bold">
        <Link href={articlePath(hit.slug)} className="hover:underline">
          <HighlightedText pieces={hit.highlightedHeadline} />
        </Link>
      </h2>
      {hit.snippet.length ? (
        <p className="mt-2 text-neutral-700 dark:text-neutral-300">
          <HighlightedText pieces={hit.snippet} />
        </p>
      ) : null}
      <p className="mt-2 text-xs text-neutral-600 dark:text-neutral-400">
        <Byline authors={hit.authors} linked={false} />
        {hit.authors.length ? " · " : null}
        <TimeStamp ms={hit.publishedAt} timeZone={timeZone} />
      </p>
    </article>
  );
}
