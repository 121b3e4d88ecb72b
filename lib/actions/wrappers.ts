import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/domain";
import { hasRole, type SessionUser } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { failure, fieldErrors, invalid, NOT_ALLOWED, SIGN_IN_REQUIRED, type ActionState } from "./state";

// Server actions are public endpoints: anyone can post to one. Every action in lib/actions is built by
// withRole or publicAction, so who may call it is decided before anything else runs, in one place.

export type FormAction<Result extends ActionState = ActionState> = (
  prev: ActionState,
  form: FormData,
) => Promise<Result>;

export type ActionAccess = { kind: "public" } | { kind: "role"; min: Role };

export type FormRules = {
  /** The object the schema parses; by default each field of the form. */
  read?: (form: FormData) => unknown;
  /** What a form the schema refuses gets back: a message alone, or a result built from the error. */
  invalid?: string | ((error: z.ZodError, form: FormData) => ActionState);
};

const built = new WeakMap<FormAction<ActionState>, ActionAccess>();

// A crafted call can send anything in the form's place; only a posted form is read.
const NOT_A_FORM = "That request could not be read. Please reload the page and try again.";

/** Who may call an action made by one of these wrappers; undefined for a function made any other way. */
export function accessOf(action: unknown): ActionAccess | undefined {
  return typeof action === "function" ? built.get(action as FormAction) : undefined;
}

type Parsed<T> = { ok: true; data: T } | { ok: false; refusal: ActionState };

function parseForm<S extends z.ZodType>(schema: S, form: FormData, rules: FormRules): Parsed<z.output<S>> {
  const parsed = schema.safeParse(rules.read ? rules.read(form) : Object.fromEntries(form));
  if (parsed.success) return { ok: true, data: parsed.data };
  const refusal =
    typeof rules.invalid === "string"
      ? failure(rules.invalid)
      : rules.invalid
        ? rules.invalid(parsed.error, form)
        : invalid(form, fieldErrors(parsed.error));
  return { ok: false, refusal };
}

/**
 * A newsroom action: refuses anyone signed out or below `min` (returned, never thrown), then parses the
 * form with `schema`, then runs `handler` with the parsed input and the caller.
 */
export function withRole<S extends z.ZodType, Result extends ActionState = ActionState>(
  min: Role,
  schema: S,
  handler: (input: z.output<S>, user: SessionUser, form: FormData) => Promise<Result>,
  rules: FormRules = {},
): FormAction<Result | ActionState> {
  const action: FormAction<Result | ActionState> = async (_prev, form) => {
    const user = await getSessionUser();
    if (!user) return failure(SIGN_IN_REQUIRED);
    if (!hasRole(user, min)) return failure(NOT_ALLOWED);
    if (!(form instanceof FormData)) return failure(NOT_A_FORM);
    const parsed = parseForm(schema, form, rules);
    return parsed.ok ? handler(parsed.data, user, form) : parsed.refusal;
  };
  built.set(action, { kind: "role", min });
  return action;
}

/**
 * An action anyone may call (signing in, posting a comment): the handler enforces every rule itself.
 * Without a schema it reads nothing from the form; one that always redirects (signing out) then has
 * the type of a plain `<form action>` once bound.
 */
export function publicAction<Result extends ActionState>(
  handler: (form: FormData) => Promise<Result>,
): FormAction<Result>;
export function publicAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>, form: FormData) => Promise<ActionState>,
  rules?: FormRules,
): FormAction;
export function publicAction<S extends z.ZodType>(
  ...args:
    | [handler: (form: FormData) => Promise<ActionState>]
    | [schema: S, handler: (input: z.output<S>, form: FormData) => Promise<ActionState>, rules?: FormRules]
): FormAction {
  const action: FormAction = async (_prev, form) => {
    if (!(form instanceof FormData)) return failure(NOT_A_FORM);
    if (args.length === 1) return args[0](form);
    const [schema, handler, rules = {}] = args;
    const parsed = parseForm(schema, form, rules);
    return parsed.ok ? handler(parsed.data, form) : parsed.refusal;
  };
  built.set(action, { kind: "public" });
  return action;
}
