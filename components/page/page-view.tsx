import { ArticleBody } from "@/components/article/article-body";
import { TimeStamp } from "@/components/article/time-stamp";
import type { ReaderPage } from "@/lib/data/pages";

/** A static page (About, Corrections policy): its title and body, rendered as a story's body is. */
export function PageView({ page, timeZone }: { page: ReaderPage; timeZone: string }) {
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="font-serif text-4xl leading-tight font-black sm:text-5xl">{page.title}</h1>
        <p className="mt-3 text-sm text-neutral-600 dark:text-neutral-400">
          Last updated <TimeStamp ms={page.updatedAt} timeZone={timeZone} />
        </p>
      </header>
      <ArticleBody body={page.body} dateline="" />
    </article>
  );
}
