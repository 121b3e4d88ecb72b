"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { articleLockAction } from "@/lib/actions/articles";
import { idleState } from "@/lib/actions/state";
import { HEARTBEAT_MS, LOCK_CHECK_MS, type LockState } from "@/lib/articles/editing";

/** The editor's view of the story's lock. */
export type Presence =
  | { kind: "none" }
  | { kind: "mine" }
  | { kind: "held"; by: string }
  | { kind: "free-again"; by: string }
  | { kind: "taken-over"; by: string };

async function askLock(id: number, intent: "renew" | "check" | "takeOver" | "release"): Promise<LockState | null> {
  const form = new FormData();
  form.set("id", String(id));
  form.set("intent", intent);
  const answer = (await articleLockAction(idleState, form)) as { lock?: LockState };
  return answer.lock ?? null;
}

/**
 * WordPress's post lock: while the editor is open it renews its lock every HEARTBEAT_MS, and between
 * renewals checks every LOCK_CHECK_MS whether someone took the story over, so they are told at once.
 * Opening a story someone else holds shows who, with a way to take it over.
 */
export function useArticleLock(articleId: number | null, onTakenOver: (by: string) => void) {
  const [presence, setPresence] = useState<Presence>({ kind: "none" });
  const presenceRef = useRef(presence);
  const takenOverRef = useRef(onTakenOver);
  useEffect(() => {
    presenceRef.current = presence;
    takenOverRef.current = onTakenOver;
  });

  const apply = useCallback((lock: LockState | null) => {
    if (!lock) return;
    const was = presenceRef.current;
    if (lock.status === "mine") {
      if (was.kind === "held") setPresence({ kind: "free-again", by: was.by });
      else if (was.kind !== "taken-over" && was.kind !== "free-again") setPresence({ kind: "mine" });
      return;
    }
    if (was.kind === "mine") {
      takenOverRef.current(lock.by);
      setPresence({ kind: "taken-over", by: lock.by });
    } else if (was.kind === "none" || was.kind === "held") setPresence({ kind: "held", by: lock.by });
  }, []);

  useEffect(() => {
    if (articleId === null) return;
    let lastRenew = 0;
    const beat = async () => {
      const was = presenceRef.current.kind;
      if (was === "taken-over" || was === "free-again") return;
      const renew = was !== "held" && Date.now() - lastRenew >= HEARTBEAT_MS - LOCK_CHECK_MS / 2;
      if (renew) lastRenew = Date.now();
      try {
        apply(await askLock(articleId, renew ? "renew" : "check"));
      } catch {
        // Offline: the lock lapses on its own if this lasts; the autosave status says the connection is gone.
      }
    };
    void beat();
    const timer = setInterval(beat, LOCK_CHECK_MS);
    const release = () => {
      if (presenceRef.current.kind === "mine") void askLock(articleId, "release").catch(() => {});
    };
    window.addEventListener("pagehide", release);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", release);
    };
  }, [articleId, apply]);

  const takeOver = useCallback(async () => {
    if (articleId === null) return;
    const lock = await askLock(articleId, "takeOver");
    if (lock?.status === "mine") setPresence({ kind: "mine" });
  }, [articleId]);

  /** The server refused an autosave because someone else holds the story. */
  const lost = useCallback((by: string) => apply({ status: "held", by, userId: 0 }), [apply]);

  return { presence, takeOver, lost };
}
