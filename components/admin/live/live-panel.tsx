import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteLiveUpdateAction, pinLiveUpdateAction, setLiveCoverageAction } from "@/lib/actions/live";
import { getLiveCoverage, listLiveUpdates } from "@/lib/data/live";
import { formatDateTime } from "@/lib/format/dates";
import { renderLiveUpdate } from "@/lib/live/render";
import { isLive, type LiveUpdate } from "@/lib/live/rules";
import { LiveUpdateForm } from "./live-update-form";

// components/ui/button.tsx's secondary small button (its buttonClass lives on the client side).
const SECONDARY_SMALL =
  "inline-flex items-center justify-center gap-2 rounded font-semibold px-2.5 py-1 text-xs border border-neutral-300 bg-white text-neutral-900 hover:bg-neutral-100 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:hover:bg-neutral-800";

/**
 * The story's live coverage in the newsroom: the on/off switch, the form that posts an update, and the
 * updates as readers see them, each with pin, edit and delete. Mounted on the story's editor page.
 */
export async function LivePanel({ articleId, timeZone }: { articleId: number; timeZone: string }) {
  const [coverage, updates] = await Promise.all([getLiveCoverage(articleId), listLiveUpdates(articleId)]);
  const live = isLive(coverage);
  return (
    <section
      aria-labelledby="live-panel-title"
      className="mt-10 space-y-6 rounded-lg border border-neutral-300 p-4 dark:border-neutral-700"
    >
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h2 id="live-panel-title" className="text-xl font-bold">
          Live updates
        </h2>
        <ActionForm action={setLiveCoverageAction} hidden={{ articleId, live: live ? "off" : "on" }}>
          <button type="submit" role="switch" aria-checked={live} className={`${SECONDARY_SMALL} gap-2`}>
            <span
              aria-hidden="true"
              className={`inline-block h-4 w-7 rounded-full p-0.5 ${live ? "bg-red-700" : "bg-neutral-400"}`}
            >
              <span className={`block h-3 w-3 rounded-full bg-white ${live ? "translate-x-3" : ""}`} />
            </span>
            Live coverage
          </button>
        </ActionForm>
      </div>
      {coverage ? (
        <p className="text-sm text-neutral-700 dark:text-neutral-300">
          Coverage started {formatDateTime(coverage.startedAt, timeZone)}
          {coverage.endedAt !== null
            ? `, ended ${formatDateTime(coverage.endedAt, timeZone)}. Readers see the updates as an archive.`
            : ". Readers’ open pages receive each update within seconds."}
        </p>
      ) : (
        <p className="text-sm text-neutral-700 dark:text-neutral-300">
          Turn on live coverage to post timestamped updates to this story.
        </p>
      )}
      {live ? <LiveUpdateForm articleId={articleId} /> : null}
      {updates.length > 0 ? (
        <ul aria-label="Posted updates" className="space-y-6">
          {updates.map((update) => (
            <PostedUpdate key={update.id} articleId={articleId} update={update} timeZone={timeZone} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function PostedUpdate({ articleId, update, timeZone }: { articleId: number; update: LiveUpdate; timeZone: string }) {
  const hidden = { articleId, updateId: update.id };
  return (
    <li className="space-y-2 border-t border-neutral-200 pt-4 dark:border-neutral-800">
      {/* The update exactly as readers get it (the same markup the stream sends). */}
      <ol className="list-none" dangerouslySetInnerHTML={{ __html: renderLiveUpdate(update, timeZone) }} />
      <div className="flex flex-wrap items-center gap-2">
        <ActionForm action={pinLiveUpdateAction} hidden={{ ...hidden, pinned: update.pinned ? "0" : "1" }}>
          <SubmitButton variant="secondary" size="sm">
            {update.pinned ? "Unpin" : "Pin to top"}
          </SubmitButton>
        </ActionForm>
        <ActionForm action={deleteLiveUpdateAction} hidden={hidden}>
          <ConfirmButton
            title="Delete this update?"
            description="It disappears from the story and from readers’ open pages."
            confirmLabel="Delete update"
          >
            Delete
          </ConfirmButton>
        </ActionForm>
      </div>
      <details className="rounded border border-neutral-200 p-3 dark:border-neutral-800">
        <summary className={`${SECONDARY_SMALL} cursor-pointer`}>Edit</summary>
        <div className="mt-4">
          <LiveUpdateForm
            articleId={articleId}
            update={{
              id: update.id,
              body: update.body,
              headline: update.headline,
              byline: update.byline,
              keyEvent: update.keyEvent,
              image: update.image,
            }}
          />
        </div>
      </details>
    </li>
  );
}
