import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-chrome";
import { SettingsForm } from "@/components/admin/settings-form";
import { requireRole } from "@/lib/auth/guards";
import { getSettingsUncached } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireRole("administrator", "/admin/settings");
  const settings = await getSettingsUncached();
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <SettingsForm
        settings={settings}
        timeZones={zones.includes(settings.timezone) ? zones : [settings.timezone, ...zones]}
      />
    </>
  );
}
