// Times are stored in UTC and shown in the publication's time zone; shared by server and client components.

// Building an Intl.DateTimeFormat costs far more than using one, and a page shows many times
// (every comment has one), so each (kind, zone) formatter is built once per process.
const FORMATS = {
  parts: {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  },
  dateTime: { dateStyle: "long", timeStyle: "short" },
  date: { dateStyle: "long" },
  zone: { timeZoneName: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: keyof typeof FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { ...FORMATS[kind], timeZone });
    formatters.set(key, fmt);
  }
  return fmt;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatter("parts", timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
}

/** ISO 8601 with the zone's offset, e.g. 2026-05-16T13:05:00+03:00, for `<time datetime>`. */
export function isoInZone(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  const offset = p.timeZoneName === "GMT" ? "+00:00" : p.timeZoneName.replace("GMT", "");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** "May 16, 2026, 1:05 PM GMT+3" */
export function formatDateTime(ms: number, timeZone: string): string {
  return formatter("dateTime", timeZone).format(new Date(ms)).concat(" ", zoneLabel(ms, timeZone));
}

/** "May 16, 2026" */
export function formatDate(ms: number, timeZone: string): string {
  return formatter("date", timeZone).format(new Date(ms));
}

function zoneLabel(ms: number, timeZone: string): string {
  const name = formatter("zone", timeZone)
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  return name ?? timeZone;
}

/** Local wall-clock time in the zone as "YYYY-MM-DDTHH:mm", the value a datetime-local input uses. */
export function toZonedInputValue(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Inverse of toZonedInputValue: the UTC instant of a wall-clock time in the zone. */
export function fromZonedInputValue(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset across daylight-saving transitions.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = parts(guess, timeZone);
    const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
    guess += asUtc - shown;
  }
  return guess;
}

/** "14:32": the wall-clock time in the zone, as the editor's save status says it. */
export function formatClock(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}
