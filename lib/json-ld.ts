import { xmlSafeText } from "@/lib/xml";

/**
 * JSON-LD for a `<script type="application/ld+json">`: every string cleaned of the characters XML
 * cannot carry (search engines read it as they read feeds), and "<" escaped so a headline can never
 * close the script element.
 */
export function jsonLdScriptText(data: unknown): string {
  return JSON.stringify(data, (_key, value) => (typeof value === "string" ? xmlSafeText(value) : value)).replace(
    /</g,
    "\\u003c",
  );
}
