"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { AUTOSAVE_MAX_WAIT_MS, AUTOSAVE_QUIET_MS } from "@/lib/articles/editing";
import { autosaveData, serializeForm } from "./form-values";

export type SaveStatus =
  | { kind: "stored"; at: number | null }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "saved"; at: number }
  | { kind: "offline" }
  | { kind: "refused"; message: string };

/** What an autosave's answer says: written (when), refused (why), or stop autosaving (conflict, taken over). */
export type AutosaveOutcome = { kind: "saved"; at: number } | { kind: "refused"; message: string } | { kind: "stop" };

const TICK_MS = 1_000;
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 30_000;

/**
 * Saves the form in the background, as WordPress and Ghost do: a moment after typing pauses
 * (AUTOSAVE_QUIET_MS), and at the latest AUTOSAVE_MAX_WAIT_MS after the first unsaved change while typing
 * goes on. Changes are found by comparing the form's FormData with what was last saved, so any field and
 * any editor inside the form is covered. A lost connection is retried with backoff; leaving the page with
 * anything unsaved asks first.
 */
export function useAutosave({
  formRef,
  enabled,
  storedAt,
  send,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  enabled: boolean;
  storedAt: number | null;
  send: (data: FormData) => Promise<AutosaveOutcome>;
}) {
  const [status, setStatus] = useState<SaveStatus>({ kind: "stored", at: storedAt });
  const saved = useRef<string | null>(null);
  const seen = useRef({ value: "", at: 0 });
  const dirtySince = useRef<number | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  // Set while a save by hand is on its way: an autosave beside it would race it for the same version.
  const held = useRef(false);
  const retry = useRef({ at: 0, delay: FIRST_RETRY_MS });
  const sendRef = useRef(send);
  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  /** Takes what the form holds now as saved (on opening, after a save by hand, after loading a version). */
  const markSaved = useCallback(
    (value?: string) => {
      const form = formRef.current;
      if (!form) return;
      saved.current = value ?? serializeForm(form);
      dirtySince.current = null;
    },
    [formRef],
  );

  const run = useCallback((value: string, data: FormData) => {
    setStatus({ kind: "saving" });
    inflight.current = sendRef
      .current(data)
      .then((outcome) => {
        retry.current = { at: 0, delay: FIRST_RETRY_MS };
        if (outcome.kind === "saved") {
          saved.current = value;
          dirtySince.current = null;
          setStatus({ kind: "saved", at: outcome.at });
        } else if (outcome.kind === "refused") {
          // Not a connection problem: try again only once the writer has changed something.
          saved.current = value;
          setStatus({ kind: "refused", message: outcome.message });
        } else setStatus({ kind: "unsaved" });
      })
      .catch(() => {
        const delay = retry.current.delay;
        retry.current = { at: Date.now() + delay, delay: Math.min(delay * 2, LAST_RETRY_MS) };
        setStatus({ kind: "offline" });
      })
      .finally(() => {
        inflight.current = null;
      });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    if (saved.current === null) markSaved();
    const tick = () => {
      const form = formRef.current;
      if (!form || inflight.current || held.current) return;
      const now = Date.now();
      const value = serializeForm(form);
      if (value !== seen.current.value) seen.current = { value, at: now };
      if (value === saved.current) {
        dirtySince.current = null;
        return;
      }
      if (dirtySince.current === null) {
        dirtySince.current = now;
        setStatus((s) => (s.kind === "offline" ? s : { kind: "unsaved" }));
      }
      if (now < retry.current.at) return;
      const quiet = now - seen.current.at >= AUTOSAVE_QUIET_MS;
      if (quiet || now - dirtySince.current >= AUTOSAVE_MAX_WAIT_MS) run(value, autosaveData(form));
    };
    const timer = setInterval(tick, TICK_MS);
    const online = () => {
      retry.current.at = 0;
      tick();
    };
    window.addEventListener("online", online);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", online);
    };
  }, [enabled, formRef, markSaved, run]);

  useWarnBeforeLeaving(formRef, saved, inflight);

  /**
   * Holds autosave back for a save by hand and waits for one already on its way, so the save is based on
   * the version it produced; returns the function that lets autosave go on.
   */
  const hold = useCallback(async () => {
    held.current = true;
    await inflight.current;
    return () => {
      held.current = false;
    };
  }, []);

  return { status, setStatus, markSaved, hold };
}

/** The browser asks before the tab closes while the form holds what is not saved, or a save is on its way. */
function useWarnBeforeLeaving(
  formRef: RefObject<HTMLFormElement | null>,
  saved: RefObject<string | null>,
  inflight: RefObject<Promise<void> | null>,
) {
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      const form = formRef.current;
      if (!form || saved.current === null) return;
      if (inflight.current || serializeForm(form) !== saved.current) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [formRef, saved, inflight]);
}
