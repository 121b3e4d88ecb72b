"use client";

import { useActionState, useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { autosaveArticleAction, saveArticleAction, type SaveState } from "@/lib/actions/articles";
import { idleState } from "@/lib/actions/state";
import type { SaveConflict } from "@/lib/articles/editing";
import { useToast } from "@/components/ui/toast";
import { serializeForm } from "./form-values";
import { useAutosave, type AutosaveOutcome } from "./use-autosave";

export type Ids = { articleId: number | null; baseVersion: number | null };

/** A refused save; autosave waits until the writer has chosen what to do (`settled`). */
export type Conflict = { message: string; conflict: SaveConflict; settled: boolean };

/** The story's id and the version the form is based on, as the editor knows them now. */
function stamp(data: FormData, ids: Ids) {
  if (ids.articleId !== null) data.set("id", String(ids.articleId));
  if (ids.baseVersion !== null) data.set("baseVersion", String(ids.baseVersion));
}

/**
 * Saving, by hand and in the background, with the version each save was based on: the answers move
 * the base version on, a refused save becomes a `conflict`, an autosave refused for the lock `onLocked`.
 */
export function useArticleSaving({
  formRef,
  initial,
  storedAt,
  readOnly,
  onLocked,
  onCreated,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  initial: Ids;
  storedAt: number | null;
  readOnly: boolean;
  onLocked: (by: string) => void;
  onCreated: (id: number) => void;
}) {
  const show = useToast();
  const ids = useRef(initial);
  const [shownIds, setShownIds] = useState(initial);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const setIds = useCallback((next: Partial<Ids>) => {
    ids.current = { ...ids.current, ...next };
    setShownIds(ids.current);
  }, []);

  const answer = useCallback(
    (result: SaveState): AutosaveOutcome => {
      if (result.version !== undefined) setIds({ baseVersion: result.version });
      if (result.conflict) {
        setConflict({ message: result.message ?? "", conflict: result.conflict, settled: false });
        return { kind: "refused", message: `${result.conflict.by} saved a newer version` };
      }
      if (result.lockedBy) {
        onLocked(result.lockedBy);
        return { kind: "stop" };
      }
      if (result.status !== "ok") return { kind: "refused", message: result.message ?? "" };
      return { kind: "saved", at: result.savedAt ?? Date.now() };
    },
    [onLocked, setIds],
  );

  const send = useCallback(
    async (data: FormData): Promise<AutosaveOutcome> => {
      stamp(data, ids.current);
      const result = (await autosaveArticleAction(idleState, data)) as SaveState;
      if (result.articleId && ids.current.articleId === null) {
        setIds({ articleId: result.articleId });
        onCreated(result.articleId);
        // The new story exists now: its address is the editor's, without reloading what is being typed.
        window.history.replaceState(null, "", `/admin/articles/${result.articleId}`);
      }
      return answer(result);
    },
    [answer, setIds, onCreated],
  );
  const enabled = !readOnly && !(conflict && !conflict.settled);
  const autosave = useAutosave({ formRef, enabled, storedAt, send });

  const [state, action] = useActionState(async (prev: SaveState, data: FormData): Promise<SaveState> => {
    const release = await autosave.hold();
    stamp(data, ids.current);
    if (initial.articleId === null && ids.current.articleId !== null) data.set("firstSave", "1");
    autosave.setStatus({ kind: "saving" });
    // A story's first save by hand leaves for its own address: autosave stays held, or it would write the
    // story a second time from the page being left. A refused one stays here, and autosave goes on.
    const leaves = !data.get("id") || data.get("firstSave") === "1";
    let result: SaveState | undefined;
    try {
      result = (await saveArticleAction(prev, data)) as SaveState | undefined;
    } finally {
      if (!leaves) release();
    }
    if (!result) return prev;
    if (leaves) release();
    const outcome = answer(result);
    if (outcome.kind === "saved") autosave.markSaved(serializeForm(data));
    autosave.setStatus(outcome.kind === "saved" || outcome.kind === "refused" ? outcome : { kind: "unsaved" });
    if (!result.conflict && result.message) show(result.message, result.status === "ok" ? "success" : "error");
    return result;
  }, idleState as SaveState);

  // Fields mounted afresh with their version hold what is now the saved state.
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    if (loads > 0) autosave.markSaved();
  }, [loads, autosave]);

  return {
    ids: shownIds,
    state,
    action,
    status: autosave.status,
    conflict,
    /** Their version is loaded into the form: the next save is based on it. */
    loadedTheirs: () => {
      if (!conflict) return;
      setIds({ baseVersion: conflict.conflict.version });
      setConflict({ ...conflict, settled: true });
      setLoads((n) => n + 1);
    },
    /** The writer keeps their text: the next save goes over their colleague's, which stays in the revisions. */
    keepMine: () => {
      if (!conflict) return;
      setIds({ baseVersion: conflict.conflict.version });
      setConflict(null);
    },
  };
}
