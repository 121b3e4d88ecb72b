import { ArticleCard } from "@/components/article/article-card";
import { NewsletterSignup } from "@/components/newsletter/newsletter-signup";
import { listLatestArticles, listSectionFronts } from "@/lib/data/articles";
import { getFrontPage } from "@/lib/data/front-page";
import { getSettings } from "@/lib/data/settings";
import { homeJsonLd, jsonLdScriptText } from "@/lib/metadata/json-ld";
import { sectionPath } from "@/lib/site";

export const revalidate = 60;

export default async function HomePage() {
  const [settings, latest, fronts, picks] = await Promise.all([
    getSettings(),
    listLatestArticles(16),
    listSectionFronts(4),
    getFrontPage(),
  ]);
  // The editors' lead and Top stories first; the slots they leave fill with the latest stories.
  const picked = [picks.lead, ...picks.top].filter((a) => a !== null);
  const chosen = new Set(picked.map((a) => a.id));
  const fill = latest.filter((a) => !chosen.has(a.id));
  const lead = picks.lead ?? fill.shift();
  const rest = [...picks.top, ...fill].slice(0, 8);
  const tz = settings.timezone;

  if (!lead) {
    return (
      <p className="py-20 text-center text-neutral-600 dark:text-neutral-400">No stories have been published yet.</p>
    );
  }

  return (
    <div className="space-y-12">
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonLdScriptText(homeJsonLd(settings.siteTitle, settings.tagline)) }}
      />
      <h1 className="sr-only">{settings.siteTitle}: latest news</h1>
      <section aria-label="Lead story">
        <ArticleCard article={lead} timeZone={tz} variant="lead" headingLevel={2} />
      </section>

      <NewsletterSignup />

      <section aria-labelledby="latest-heading" className="border-t-4 border-neutral-900 pt-4 dark:border-neutral-200">
        <h2 id="latest-heading" className="mb-6 text-sm font-black tracking-widest uppercase">
          {picks.top.length ? "Top stories" : "Latest"}
        </h2>
        <div className="grid gap-8 sm:grid-cols-2 lg:grid-cols-4">
          {rest.slice(0, 4).map((a) => (
            <ArticleCard key={a.id} article={a} timeZone={tz} />
          ))}
        </div>
        {rest.length > 4 ? (
          <ul className="mt-8 grid gap-4 border-t border-neutral-200 pt-6 sm:grid-cols-2 lg:grid-cols-4 dark:border-neutral-800">
            {rest.slice(4).map((a) => (
              <li key={a.id}>
                <ArticleCard article={a} timeZone={tz} variant="compact" />
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {fronts.map(({ section, articles }) => (
        <section
          key={section.id}
          aria-labelledby={`front-${section.slug}`}
          className="border-t border-neutral-900 pt-4 dark:border-neutral-200"
        >
          <h2 id={`front-${section.slug}`} className="mb-6 font-serif text-2xl font-bold">
            <a href={sectionPath(section.slug)} className="hover:underline">
              {section.name} <span aria-hidden="true">›</span>
            </a>
          </h2>
          <div className="grid gap-8 sm:grid-cols-2 lg:grid-cols-4">
            {articles.map((a) => (
              <ArticleCard key={a.id} article={a} timeZone={tz} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
