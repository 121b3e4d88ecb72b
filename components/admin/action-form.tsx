"use client";

import type { ActionState } from "@/lib/actions/state";
import { useToastingAction } from "@/components/ui/toast";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A small form around one server action (a row button, a confirm step): hidden fields, the result as a
 * toast, and an optional inline error for screen-reader users who missed the toast.
 */
export function ActionForm({
  action,
  hidden = {},
  children,
  className = "inline",
  id,
  label,
}: {
  action: Action;
  hidden?: Record<string, string | number>;
  children: React.ReactNode | ((state: ActionState) => React.ReactNode);
  className?: string;
  id?: string;
  label?: string;
}) {
  const [state, formAction] = useToastingAction(action);
  return (
    <form action={formAction} className={className} id={id} aria-label={label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      {typeof children === "function" ? children(state) : children}
    </form>
  );
}
