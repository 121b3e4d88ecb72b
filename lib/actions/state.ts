import { z } from "zod";

/** Each field's problems, keyed by the form field's name. */
export type FieldErrors = Record<string, string[] | undefined>;

/** What every server action returns to its form (useActionState). */
export type ActionState =
  | ({ status: "idle" } & Absent<"message" | "fieldErrors" | "values" | "at">)
  // `at` changes on every result, so a toast shows again for a repeated message.
  | ({ status: "ok"; message: string; at: number } & Absent<"fieldErrors" | "values">)
  | {
      status: "error";
      message: string;
      fieldErrors: FieldErrors;
      /** What was typed, to put back into the form so nothing is lost. */
      values?: Record<string, string>;
      at: number;
    };

// What a variant lacks reads as undefined, so a form may read `state.fieldErrors?.email` directly.
type Absent<K extends string> = { [P in K]?: undefined };

export type ActionError = Extract<ActionState, { status: "error" }>;

export const idleState: ActionState = { status: "idle" };

export const SIGN_IN_REQUIRED = "Please sign in to continue.";
export const NOT_ALLOWED = "You do not have permission to do that.";
const CORRECT_FIELDS = "Please correct the highlighted fields.";

export function ok(message: string): ActionState {
  return { status: "ok", message, at: Date.now() };
}

export function failure(message: string, fieldErrors: FieldErrors = {}, values?: Record<string, string>): ActionError {
  return { status: "error", message, fieldErrors, values, at: Date.now() };
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

/** The form's text fields as typed, except passwords: those never travel back to the browser. */
export function keptValues(form: FormData): Record<string, string> {
  return Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string" && !/password/i.test(e[0])),
  );
}

/** A form with problems in the highlighted fields, returned with what was typed. */
export function invalid(form: FormData, errors: FieldErrors): ActionError {
  return failure(CORRECT_FIELDS, errors, keptValues(form));
}
