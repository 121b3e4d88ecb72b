import Link from "next/link";
import { articlePath } from "@/lib/site";
import type { ArticleSummary } from "@/lib/data/articles";
import { Byline } from "./byline";
import { FeatureImage } from "./feature-image";
import { SectionLink } from "./section-link";
import { TimeStamp } from "./time-stamp";

type Variant = "lead" | "standard" | "compact";

const headlineClass: Record<Variant, string> = {
  lead: "text-3xl sm:text-4xl lg:text-5xl leading-tight",
  standard: "text-xl leading-snug",
  compact: "text-base leading-snug",
};

export function ArticleCard({
  article,
  timeZone,
  variant = "standard",
  headingLevel = 3,
}: {
  article: ArticleSummary;
  timeZone: string;
  variant?: Variant;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const showImage = variant !== "compact" && article.featureImage;
  return (
    <article
      className={variant === "lead" ? "grid gap-6 lg:grid-cols-[3fr_2fr] lg:items-center" : "flex flex-col gap-3"}
    >
      {showImage ? (
        <Link href={articlePath(article.slug)} tabIndex={-1} aria-hidden="true">
          <FeatureImage
            image={article.featureImage!}
            withCaption={false}
            priority={variant === "lead"}
            sizes={variant === "lead" ? "(min-width: 1024px) 680px, 100vw" : "(min-width: 1024px) 360px, 100vw"}
          />
        </Link>
      ) : null}
      <div>
        {article.section && variant !== "compact" ? <SectionLink section={article.section} /> : null}
        <Heading className={`mt-1 font-serif font-bold ${headlineClass[variant]}`}>
          <Link href={articlePath(article.slug)} className="hover:underline">
            {article.headline}
          </Link>
        </Heading>
        {article.dek && variant !== "compact" ? (
          <p className={`mt-2 text-neutral-700 dark:text-neutral-300 ${variant === "lead" ? "text-lg" : ""}`}>
            {article.dek}
          </p>
        ) : null}
        <p className="mt-2 text-xs text-neutral-500 dark:text-neutral-400">
          {variant !== "compact" ? (
            <>
              <Byline authors={article.authors} linked={false} /> ·{" "}
            </>
          ) : null}
          <TimeStamp ms={article.publishedAt} timeZone={timeZone} dateOnly={variant === "compact"} />
        </p>
      </div>
    </article>
  );
}
