"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { ActionState } from "@/lib/action-state";

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
      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex max-w-sm flex-col gap-2">
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

/** Shows a toast for each new action result. */
export function useActionToast(state: ActionState) {
  const show = useToast();
  useEffect(() => {
    if (state.status !== "idle" && state.message) show(state.message, state.status === "success" ? "success" : "error");
  }, [state, show]);
}

/** A toast for a result carried over a redirect (e.g. `?saved=1`). */
export function ToastOnMount({ message }: { message: string }) {
  const show = useToast();
  useEffect(() => show(message), [message, show]);
  return null;
}
