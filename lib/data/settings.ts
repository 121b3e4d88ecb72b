import "server-only";
import { preparedRead, transaction } from "@/db";
import { settings } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { defaultSettings, SettingsSchema, type Settings } from "@/lib/validation/settings";

// Read on every comment post: prepared, see preparedRead.
const allSettings = preparedRead((db) => db.select().from(settings));

/** Straight from the database: for the newsroom and for rules that must see a change at once. */
export async function getSettingsUncached(): Promise<Settings> {
  const rows = await allSettings({});
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const merged = SettingsSchema.safeParse({ ...defaultSettings(), ...stored });
  return merged.success ? merged.data : defaultSettings();
}

/** Cached with the reader pages (invalidated with the site tag when an administrator saves). */
export const getSettings = cachedRead("settings", getSettingsUncached, () => []);

export async function saveSettings(values: Settings): Promise<void> {
  await transaction(async (tx) => {
    for (const [key, value] of Object.entries(values)) {
      const json = JSON.stringify(value);
      await tx
        .insert(settings)
        .values({ key, value: json })
        .onConflictDoUpdate({ target: settings.key, set: { value: json } });
    }
  });
}
