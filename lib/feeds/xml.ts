// XML 1.0 carries tab, LF, CR and every code point from U+0020 except surrogates, U+FFFE and U+FFFF
// (with the u flag a lone surrogate is matched as a code point of its own, so it is dropped too).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text without the characters XML cannot carry, which a paste from Word brings along: its line break
 * (U+000B) and page break (U+000C) become a space, so the words either side stay apart; the rest
 * (NUL and other controls, U+FFFE, U+FFFF, lone surrogates) is dropped.
 */
export function xmlSafeText(text: string): string {
  return text.replace(/[\v\f]/g, " ").replace(NOT_XML_CHAR, "");
}

export function escapeXml(text: string): string {
  return xmlSafeText(text).replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );
}

export function xmlResponse(body: string, contentType = "application/xml; charset=utf-8"): Response {
  return new Response(body, { headers: { "Content-Type": contentType } });
}
