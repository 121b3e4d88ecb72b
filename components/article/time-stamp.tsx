import { formatDate, formatDateTime, isoInZone } from "@/lib/format/dates";

export function TimeStamp({ ms, timeZone, dateOnly = false }: { ms: number; timeZone: string; dateOnly?: boolean }) {
  return (
    <time dateTime={isoInZone(ms, timeZone)}>{dateOnly ? formatDate(ms, timeZone) : formatDateTime(ms, timeZone)}</time>
  );
}
