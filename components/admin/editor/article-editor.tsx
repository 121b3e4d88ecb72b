"use client";

import { useCallback, useRef, useState } from "react";
import type { EditorValues } from "@/lib/articles/editing";
import type { EditorArticle } from "@/lib/articles/editor";
import { formatClock } from "@/lib/format/dates";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";
import { BodyPanel } from "./body-panel";
import { ConflictBanner, PresenceNotice, RestoreAutosave, SaveStatusLine } from "./editing-notices";
import type { PanelProps } from "./fields";
import { formValues } from "./form-values";
import { ImagePanel } from "./image-panel";
import { PublishingPanel } from "./publishing-panel";
import { StoryPanel } from "./story-panel";
import { TaxonomyPanel } from "./taxonomy-panel";
import { useArticleLock } from "./use-article-lock";
import { useArticleSaving } from "./use-article-saving";
import type { SaveStatus } from "./use-autosave";

type Option = { id: number; name: string };

/** A live story's autosave copy left from an earlier visit. */
export type AutosavedCopy = { values: EditorValues; savedAt: number };

type ArticleEditorProps = {
  article: EditorArticle;
  /** The stored story's version (null for a new one). */
  version: number | null;
  storedAt: number | null;
  autosaved?: AutosavedCopy | null;
  sections: Option[];
  authors: Option[];
  timezone: string;
  canPublish: boolean;
  canChooseBylines: boolean;
};

/**
 * The article form: the story and its image on the left, publishing and filing on the right. It saves in
 * the background (useAutosave), holds the story's lock (useArticleLock), and every save names the version
 * it was based on, so a colleague's save in between is never overwritten unseen.
 */
export function ArticleEditor(props: ArticleEditorProps) {
  const { article, version, storedAt, autosaved, sections, authors, timezone, canPublish, canChooseBylines } = props;
  const formRef = useRef<HTMLFormElement>(null);
  // Controlled fields survive the form reset React does after each submit, so an error loses nothing.
  const [values, setValues] = useState(article);
  // Bumped to mount the fields afresh with other values (their version, a restored autosave).
  const [formKey, setFormKey] = useState(0);
  const [restorable, setRestorable] = useState(autosaved ?? null);
  const [unsavedMine, setUnsavedMine] = useState<EditorValues | null>(null);
  const mine = useCallback(() => formValues(formRef.current!, values), [values]);
  const [articleId, setArticleId] = useState(article.id);
  const lock = useArticleLock(articleId, () => setUnsavedMine(formRef.current ? mine() : null));
  const readOnly = lock.presence.kind === "held" || lock.presence.kind === "taken-over";
  const saving = useArticleSaving({
    formRef,
    initial: { articleId: article.id, baseVersion: version },
    storedAt,
    readOnly,
    onLocked: lock.lost,
    onCreated: setArticleId,
  });
  const { ids, state, conflict } = saving;
  const remount = (next: EditorValues) => {
    setValues({ ...next, id: ids.articleId });
    setFormKey((k) => k + 1);
  };

  const panel: PanelProps = {
    values,
    bind: (key) => (e) => setValues((v) => ({ ...v, [key]: e.target.value })),
    update: (patch) => setValues((v) => ({ ...v, ...patch })),
    errors: state.fieldErrors ?? {},
  };

  return (
    <div className="space-y-4">
      <PresenceNotice presence={lock.presence} mine={unsavedMine} onTakeOver={lock.takeOver} />
      {conflict ? (
        <ConflictBanner
          key={conflict.conflict.version}
          message={conflict.message}
          conflict={conflict.conflict}
          mine={mine}
          onLoadTheirs={() => {
            remount(conflict.conflict.theirs);
            saving.loadedTheirs();
          }}
          onKeepMine={saving.keepMine}
        />
      ) : null}
      {restorable && !readOnly ? (
        <RestoreAutosave
          at={formatClock(restorable.savedAt, timezone)}
          onRestore={() => {
            remount(restorable.values);
            setRestorable(null);
          }}
          onDismiss={() => setRestorable(null)}
        />
      ) : null}
      <form
        ref={formRef}
        action={saving.action}
        className="grid gap-8 lg:grid-cols-[1fr_18rem]"
        noValidate
        aria-label="Article"
      >
        {ids.articleId !== null ? <input type="hidden" name="id" value={ids.articleId} /> : null}
        {ids.baseVersion !== null ? <input type="hidden" name="baseVersion" value={ids.baseVersion} /> : null}
        <fieldset key={formKey} disabled={readOnly} inert={readOnly} className="contents">
          <div className="space-y-5">
            <FormAlert message={state.status === "error" && !state.conflict ? state.message : undefined} />
            <StoryPanel {...panel} />
            <BodyPanel {...panel} />
            <FormField
              label="Correction"
              hint="Shown under the article when filled in."
              errors={panel.errors.correction}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="correction"
                  value={values.correction}
                  onChange={panel.bind("correction")}
                  rows={2}
                  className={inputClass}
                />
              )}
            </FormField>
            <ImagePanel {...panel} />
          </div>
          <aside className="space-y-5" aria-label="Publishing">
            <SaveStatusLine {...statusText(saving.status, timezone, ids.articleId === null)} />
            <PublishingPanel {...panel} storedStatus={article.status} timezone={timezone} canPublish={canPublish} />
            <TaxonomyPanel
              {...panel}
              sections={sections}
              authors={authors}
              initialAuthorIds={values.authorIds}
              canChooseBylines={canChooseBylines}
            />
          </aside>
        </fieldset>
      </form>
    </div>
  );
}

function statusText(status: SaveStatus, timezone: string, isNew: boolean): { text: string; tone: "ok" | "warn" } {
  switch (status.kind) {
    case "stored":
      return {
        text: isNew || status.at === null ? "Not saved yet" : `Last saved at ${formatClock(status.at, timezone)}`,
        tone: "ok",
      };
    case "unsaved":
      return { text: "Unsaved changes", tone: "ok" };
    case "saving":
      return { text: "Saving…", tone: "ok" };
    case "saved":
      return { text: `Saved at ${formatClock(status.at, timezone)}`, tone: "ok" };
    case "offline":
      return { text: "Not saved: offline, retrying", tone: "warn" };
    case "refused":
      return { text: `Not saved: ${status.message}`, tone: "warn" };
  }
}
