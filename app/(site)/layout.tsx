import type { Metadata } from "next";
import { SiteFooter } from "@/components/layout/site-footer";
import { BreakingBanner } from "@/components/layout/breaking-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { getBreakingBanner } from "@/lib/data/front-page";
import { getMenus } from "@/lib/data/menus";
import { getSettings } from "@/lib/data/settings";
import { listSections } from "@/lib/data/taxonomy";
import { feedLinks } from "@/lib/feeds/links";
import { COMMENT_FORM_SCRIPT, READER_SCRIPT } from "@/lib/reader-scripts";
import { sectionPath } from "@/lib/site";

export async function generateMetadata(): Promise<Metadata> {
  const settings = await getSettings();
  return {
    title: { default: `${settings.siteTitle} — ${settings.tagline}`, template: `%s — ${settings.siteTitle}` },
    description: settings.tagline,
    alternates: { types: feedLinks(settings.siteTitle) },
    openGraph: { siteName: settings.siteTitle, locale: "en_US" },
  };
}

export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const [settings, sections, breaking, menus] = await Promise.all([
    getSettings(),
    listSections(),
    getBreakingBanner(),
    getMenus(),
  ]);
  // With no header menu arranged, the header lists the sections, as it always has.
  const headerLinks = menus.header.length
    ? menus.header
    : sections.map((s) => ({ label: s.name, href: sectionPath(s.slug) }));
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:bg-white focus:px-3 focus:py-2 focus:text-black"
      >
        Skip to content
      </a>
      <BreakingBanner banner={breaking} />
      <SiteHeader title={settings.siteTitle} tagline={settings.tagline} links={headerLinks} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
      <SiteFooter title={settings.siteTitle} links={menus.footer} />
      {/* The page's only script: no framework reaches a reader (lib/edge/reader-page.ts). */}
      <script src={READER_SCRIPT} defer data-comment-form={COMMENT_FORM_SCRIPT} />
    </>
  );
}
