import { z } from "zod";

// Subscriber CSV: a header row naming at least `email`; an optional `newsletters` column lists keys
// separated by spaces or semicolons ("daily section:world"). Quoted fields per RFC 4180.

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim()));
}

export function csvField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const Email = z.email();

export type CsvSubscribers = { rows: { email: string; lists: string[] }[]; invalid: number };

export function readSubscriberCsv(text: string, defaultLists: string[]): CsvSubscribers | { error: string } {
  const [head, ...body] = parseCsv(text.replace(/^\uFEFF/, ""));
  const columns = (head ?? []).map((h) => h.trim().toLowerCase());
  const emailAt = columns.indexOf("email");
  if (emailAt < 0) return { error: "The first row must name the columns, one of them `email`." };
  const listsAt = columns.indexOf("newsletters");
  let invalid = 0;
  const rows = body.flatMap((r) => {
    const email = (r[emailAt] ?? "").trim().toLowerCase();
    if (!Email.safeParse(email).success) return (invalid++, []);
    const named = listsAt >= 0 ? (r[listsAt] ?? "").split(/[\s;]+/).filter(Boolean) : [];
    return [{ email, lists: named.length ? named : defaultLists }];
  });
  return { rows, invalid };
}
