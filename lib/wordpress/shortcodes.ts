// WordPress shortcodes in post content. The ones with a meaning here are converted ([caption] to a
// figure, [embed] and media to links); any other is left as text for an editor to see, and counted.

export type ShortcodeReport = {
  /** Shortcodes left as text, by name. */
  unknown: Map<string, number>;
  /** [embed], [video], [audio] turned into links. */
  embeds: number;
};

export type ShortcodeAttrs = Record<string, string> & { _positional?: string };

const OPENING = /\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]]*?)(\/?)\](\]?)/g;
// Known to WordPress but with nothing to become here.
const UNCONVERTED_CORE = new Set(["gallery", "playlist"]);
const MEDIA_SOURCES = ["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a", "wma"];

export function parseShortcodeAttrs(text: string): ShortcodeAttrs {
  const attrs: ShortcodeAttrs = {};
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1]) attrs[m[1].toLowerCase()] = m[2];
    else if (m[3]) attrs[m[3].toLowerCase()] = m[4];
    else if (m[5]) attrs[m[5].toLowerCase()] = m[6];
    else attrs._positional ??= m[7] ?? m[8];
  }
  return attrs;
}

export function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A link paragraph standing for an embed; only http(s) addresses become links. */
export function embedLink(url: string): string | null {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s<>"]+$/i.test(trimmed)) return null;
  const escaped = escapeAttr(trimmed);
  return `<p><a href="${escaped}">${escaped}</a></p>`;
}

/** [caption]<img …> Caption[/caption] (or caption="…") → <figure><img …><figcaption>…</figcaption></figure>. */
export function captionToFigure(attrs: ShortcodeAttrs, content: string): string | null {
  const m = /^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content);
  if (!m) return null;
  const caption = (attrs.caption ?? m[2]).trim();
  return `<figure>${m[1]}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}

function mediaUrl(attrs: ShortcodeAttrs, content: string): string | null {
  for (const key of MEDIA_SOURCES) if (attrs[key]) return attrs[key];
  return content.trim() || null;
}

/** Whether `[name …]` is a shortcode rather than prose in brackets such as [sic]. */
function looksLikeShortcode(name: string, rest: string, selfClosing: boolean, closed: boolean): boolean {
  return UNCONVERTED_CORE.has(name) || rest.includes("=") || selfClosing || closed || /[_-]/.test(name);
}

export function convertShortcodes(text: string, report: ShortcodeReport): string {
  if (!text.includes("[")) return text;
  const lower = text.toLowerCase();
  let out = "";
  let last = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(text); m; m = OPENING.exec(text)) {
    const [whole, openEscape, rawName, rest, selfClose, closeEscape] = m;
    const name = rawName.toLowerCase();
    out += text.slice(last, m.index);
    last = m.index + whole.length;
    if (openEscape && closeEscape) {
      out += whole.slice(1, -1); // [[name]] is how WordPress writes a literal [name]
      continue;
    }
    const closer = selfClose ? -1 : lower.indexOf(`[/${name}]`, last);
    const content = closer >= 0 ? text.slice(last, closer) : "";
    const attrs = parseShortcodeAttrs(rest);
    const replacement = convertKnown(name, attrs, content);
    if (replacement !== null) {
      out += replacement;
      if (closer >= 0) last = closer + name.length + 3;
      if (name === "embed" || name === "video" || name === "audio") report.embeds++;
      OPENING.lastIndex = last;
      continue;
    }
    out += whole;
    if (looksLikeShortcode(name, rest, Boolean(selfClose), closer >= 0)) {
      report.unknown.set(name, (report.unknown.get(name) ?? 0) + 1);
    }
  }
  return out + text.slice(last);
}

function convertKnown(name: string, attrs: ShortcodeAttrs, content: string): string | null {
  switch (name) {
    case "caption":
    case "wp_caption":
      return captionToFigure(attrs, content);
    case "embed":
      return embedLink(content);
    case "video":
    case "audio": {
      const url = mediaUrl(attrs, content);
      return url ? embedLink(url) : null;
    }
    default:
      return null;
  }
}
