import { readingMinutes } from "@/lib/format/text";
import type { Article } from "@/lib/data/articles";
import { LiveLabel } from "@/components/live/live-blog";
import { Byline } from "./byline";
import { SectionLink } from "./section-link";
import { TimeStamp } from "./time-stamp";

// An edit within a few minutes of publication is part of publishing, not an update readers need.
const UPDATE_THRESHOLD_MS = 5 * 60 * 1000;

export function ArticleHeader({ article, timeZone }: { article: Article; timeZone: string }) {
  const updated = article.updatedAt - article.publishedAt > UPDATE_THRESHOLD_MS;
  return (
    <header className="mx-auto max-w-3xl">
      <div className="flex items-center gap-3">
        {article.live ? <LiveLabel /> : null}
        {article.section ? <SectionLink section={article.section} size="sm" /> : null}
      </div>
      <h1 className="mt-2 font-serif text-4xl leading-tight font-black sm:text-5xl">{article.headline}</h1>
      {article.dek ? (
        <p className="mt-4 font-serif text-xl leading-snug text-neutral-700 dark:text-neutral-300">{article.dek}</p>
      ) : null}
      <div className="mt-6 flex flex-col gap-1 border-y border-neutral-200 py-3 text-sm text-neutral-700 dark:border-neutral-800 dark:text-neutral-300">
        <Byline authors={article.authors} />
        <p className="text-neutral-500 dark:text-neutral-400">
          Published <TimeStamp ms={article.publishedAt} timeZone={timeZone} />
          {updated ? (
            <>
              {" · "}Updated <TimeStamp ms={article.updatedAt} timeZone={timeZone} />
            </>
          ) : null}
          {" · "}
          {readingMinutes(article.body)} min read
        </p>
      </div>
    </header>
  );
}
