"use client";

import { createContext, useActionState, useCallback, useContext, useEffect, useRef, useState } from "react";
import { idleState, type ActionState } from "@/lib/actions/state";

type Toast = { id: number; message: string; tone: "success" | "error" };
const ToastContext = createContext<(message: string, tone?: Toast["tone"]) => void>(() => {});

/** One live region for the whole admin, so screen readers announce every action's result. */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const show = useCallback((message: string, tone: Toast["tone"] = "success") => {
    const id = ++next.current;
    setToasts((list) => [...list.slice(-2), { id, message, tone }]);
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), 6000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex max-w-sm flex-col gap-2"
      >
        {toasts.map((t) => (
          <p
            key={t.id}
            className={`pointer-events-auto rounded px-4 py-3 text-sm font-semibold shadow-lg ${
              t.tone === "success" ? "bg-emerald-700 text-white" : "bg-red-700 text-white"
            }`}
          >
            {t.message}
          </p>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}

/**
 * useActionState that announces each result as a toast. The toast is raised when the action returns,
 * not in an effect, because the form that asked may be gone by then (an approved comment leaves the
 * "Pending" list in the same refresh).
 */
export function useToastingAction(action: (prev: ActionState, form: FormData) => Promise<ActionState>) {
  const show = useToast();
  return useActionState(async (prev: ActionState, form: FormData) => {
    const result = await action(prev, form);
    if (result.status !== "idle" && result.message) show(result.message, result.status === "ok" ? "success" : "error");
    return result;
  }, idleState);
}

/** A toast for a result carried over a redirect (e.g. `?saved=1`). */
export function ToastOnMount({ message }: { message: string }) {
  const show = useToast();
  useEffect(() => show(message), [message, show]);
  return null;
}
