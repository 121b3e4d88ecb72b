// The result every admin and auth action returns to its form (useActionState).
export type ActionState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Values to put back into the form after an error, so nothing typed is lost. */
  values?: Record<string, string>;
  /** Changes on every result, so a toast shows again for a repeated message. */
  at?: number;
};

export const idleState: ActionState = { status: "idle" };

export function success(message: string): ActionState {
  return { status: "success", message, at: Date.now() };
}

export function failure(
  message: string,
  fieldErrors?: ActionState["fieldErrors"],
  values?: ActionState["values"],
): ActionState {
  return { status: "error", message, fieldErrors, values, at: Date.now() };
}

export const SIGN_IN_REQUIRED = "Please sign in to continue.";
export const NOT_ALLOWED = "You do not have permission to do that.";
