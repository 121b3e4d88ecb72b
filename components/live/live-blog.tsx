import { formatDateTime, isoInZone } from "@/lib/format/dates";
import type { LiveBlog as LiveBlogData } from "@/lib/data/live";
import { renderKeyEvent, renderLiveUpdate } from "@/lib/live/render";
import { isLive, newestChange } from "@/lib/live/rules";
import { LIVE_SCRIPT } from "@/lib/reader-scripts";

/** The "Live" label of a story whose coverage is running: on the story, the home page and lists. */
export function LiveLabel() {
  return (
    <span className="live-label inline-flex items-center gap-1.5 rounded bg-red-700 px-1.5 py-0.5 text-xs font-bold tracking-wide text-white uppercase">
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-white" />
      Live
    </span>
  );
}

/**
 * A story's live updates, complete without JavaScript: the coverage's state and times, the key events
 * with links, then the updates (pinned first, then newest first). While the coverage runs,
 * /live.js (public/live.js, a few KB) opens the stream and shows new updates on request.
 */
export function LiveBlog({ blog, articleId, timeZone }: { blog: LiveBlogData; articleId: number; timeZone: string }) {
  const { coverage, updates } = blog;
  const live = isLive(coverage);
  const keyEvents = updates.filter((u) => u.keyEvent).sort((a, b) => b.createdAt - a.createdAt);
  const streamProps = live
    ? { "data-live-stream": `/api/live/${articleId}/events`, "data-since": newestChange(coverage, updates) }
    : {};
  return (
    <section id="live" aria-labelledby="live-title" className="mt-10 space-y-6" {...streamProps}>
      <header className="space-y-2 border-t-4 border-red-700 pt-4">
        <h2 id="live-title" className="flex items-center gap-3 font-serif text-2xl font-bold">
          {live ? <LiveLabel /> : null}
          {live ? "Live updates" : "Live coverage has ended"}
        </h2>
        <p className="text-sm text-neutral-700 dark:text-neutral-300">
          Coverage began{" "}
          <time dateTime={isoInZone(coverage.startedAt, timeZone)}>{formatDateTime(coverage.startedAt, timeZone)}</time>
          {coverage.endedAt !== null ? (
            <>
              {" "}
              and ended{" "}
              <time dateTime={isoInZone(coverage.endedAt, timeZone)}>{formatDateTime(coverage.endedAt, timeZone)}</time>
            </>
          ) : null}
          .
        </p>
      </header>
      <nav
        aria-labelledby="key-events-title"
        hidden={keyEvents.length === 0}
        className="rounded bg-neutral-100 p-4 dark:bg-neutral-900"
      >
        <h3 id="key-events-title" className="font-bold">
          Key events
        </h3>
        <ol
          id="live-key-events"
          className="mt-2 space-y-1 text-sm"
          dangerouslySetInnerHTML={{ __html: keyEvents.map((u) => renderKeyEvent(u, timeZone)).join("") }}
        />
      </nav>
      {live ? (
        <div aria-live="polite" className="sticky top-2 z-10 flex justify-center">
          <button
            type="button"
            hidden
            data-live-notice=""
            className="rounded-full bg-red-700 px-4 py-2 text-sm font-bold text-white shadow-lg hover:bg-red-800"
          />
        </div>
      ) : null}
      <ol
        id="live-updates"
        aria-label="Updates"
        className="space-y-8"
        dangerouslySetInnerHTML={{ __html: updates.map((u) => renderLiveUpdate(u, timeZone)).join("") }}
      />
      {updates.length === 0 ? (
        <p data-live-empty="" className="text-sm text-neutral-600 dark:text-neutral-400">
          No updates yet.
        </p>
      ) : null}
      {live ? <script src={LIVE_SCRIPT} async /> : null}
    </section>
  );
}
