import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-chrome";
import { SettingsForm } from "@/components/admin/settings-form";
import { requireRole } from "@/lib/auth/guards";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { getSettingsUncached } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireRole("administrator", "/admin/settings");
  const [settings, sections] = await Promise.all([getSettingsUncached(), sectionsForNewsletters()]);
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <SettingsForm
        settings={settings}
        sections={sections}
        timeZones={zones.includes(settings.timezone) ? zones : [settings.timezone, ...zones]}
      />
    </>
  );
}
