import Link from "next/link";
import { articlePath, sectionPath } from "@/lib/site";
import type { ArticleSummary } from "@/lib/data/articles";
import { LiveLabel } from "@/components/live/live-blog";
import { Byline } from "./byline";
import { FeatureImage } from "./feature-image";
import { TimeStamp } from "./time-stamp";

type Variant = "lead" | "standard" | "compact";

// Styled by structure in app/globals.css (.card): a list or the front page repeats this markup up
// to twenty times, and each class string would be sent twice (HTML and RSC payload).

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
    <article className={`card ${variant}`}>
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
        {article.section && variant !== "compact" ? (
          <a href={sectionPath(article.section.slug)} className="kicker">
            {article.section.name}
          </a>
        ) : null}
        <Heading>
          {article.live ? (
            <>
              <LiveLabel />{" "}
            </>
          ) : null}
          <Link href={articlePath(article.slug)}>{article.headline}</Link>
        </Heading>
        {article.dek && variant !== "compact" ? <p className="dek">{article.dek}</p> : null}
        <p className="meta">
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
