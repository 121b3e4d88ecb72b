import { markdownToPlainText, renderMarkdown } from "@/lib/articles/markdown";
import { formatDateTime, isoInZone } from "@/lib/format/dates";
import type { LiveEvent, LiveUpdate } from "@/lib/live/rules";

// One update's markup, as a string: the reader page prints it and a stream sends the very same bytes,
// so what arrives live is what a reload shows. It is rendered once per change, never per reader.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const anchor = (id: number) => `update-${id}`;

function timeLink(id: number, ms: number, timeZone: string): string {
  return `<a href="#${anchor(id)}" class="font-semibold text-red-800 hover:underline dark:text-red-300"><time datetime="${isoInZone(ms, timeZone)}">${escapeHtml(formatDateTime(ms, timeZone))}</time></a>`;
}

const MARK = "rounded bg-neutral-200 px-1.5 py-0.5 text-xs font-bold uppercase tracking-wide dark:bg-neutral-800";

/** One update as a list item with its own anchor (`#update-123`). */
export function renderLiveUpdate(update: LiveUpdate, timeZone: string): string {
  const marks = [update.pinned ? "Pinned" : null, update.keyEvent ? "Key event" : null]
    .filter((m): m is string => m !== null)
    .map((m) => ` <span class="${MARK}">${m}</span>`)
    .join("");
  const heading = update.headline
    ? `<h3 class="mt-1 font-serif text-xl font-bold">${escapeHtml(update.headline)}</h3>`
    : "";
  const image = update.image
    ? `<img src="${escapeHtml(update.image.path)}" alt="${escapeHtml(update.image.alt)}" loading="lazy" class="mt-3 h-auto max-w-full rounded">`
    : "";
  const byline = update.byline
    ? `<p class="mt-2 text-sm text-neutral-600 dark:text-neutral-400">${escapeHtml(update.byline)}</p>`
    : "";
  return (
    `<li id="${anchor(update.id)}" data-at="${update.createdAt}" data-changed="${update.changedAt}"` +
    `${update.pinned ? ' data-pinned=""' : ""} class="scroll-mt-4 border-l-4 ${update.pinned ? "border-red-700" : "border-neutral-300 dark:border-neutral-700"} py-1 pl-4">` +
    `<p class="flex flex-wrap items-center gap-2 text-sm">${timeLink(update.id, update.createdAt, timeZone)}${marks}</p>` +
    `${heading}<div class="prose-news mt-2">${renderMarkdown(update.body)}</div>${image}${byline}</li>`
  );
}

/** A key event's line in the summary: a link to the update. */
export function renderKeyEvent(update: LiveUpdate, timeZone: string): string {
  const text = update.headline || markdownToPlainText(update.body).slice(0, 120);
  return `<li data-key="${update.id}"><a href="#${anchor(update.id)}" class="underline decoration-neutral-400 hover:decoration-current"><time datetime="${isoInZone(update.createdAt, timeZone)}" class="mr-2 text-neutral-600 dark:text-neutral-400">${escapeHtml(formatDateTime(update.createdAt, timeZone))}</time>${escapeHtml(text)}</a></li>`;
}

/** The stream event for one change to an update. */
export function liveUpdateEvent(update: LiveUpdate, timeZone: string): LiveEvent {
  const shown = !update.deleted;
  return {
    kind: "update",
    id: update.id,
    at: update.changedAt,
    createdAt: update.createdAt,
    pinned: update.pinned && shown,
    html: shown ? renderLiveUpdate(update, timeZone) : null,
    key: shown && update.keyEvent ? renderKeyEvent(update, timeZone) : null,
  };
}
