import "server-only";
import { db } from "@/db";
import { settings } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { defaultSettings, SettingsSchema, type Settings } from "@/lib/validation/settings";

export function readSettings(): Settings {
  const rows = db.select().from(settings).all();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const merged = SettingsSchema.safeParse({ ...defaultSettings(), ...stored });
  return merged.success ? merged.data : defaultSettings();
}

export const getSettings = cachedRead("settings", readSettings, () => []);

export function saveSettings(values: Settings): void {
  db.transaction((tx) => {
    for (const [key, value] of Object.entries(values)) {
      const json = JSON.stringify(value);
      tx.insert(settings).values({ key, value: json }).onConflictDoUpdate({ target: settings.key, set: { value: json } }).run();
    }
  });
}
