"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/actions/state";
import { signInAction } from "@/lib/actions/auth";
import { SubmitButton } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInAction, idleState);
  return (
    <form
      action={action}
      className="space-y-4 rounded-lg border border-neutral-200 p-6 shadow-sm dark:border-neutral-800"
      noValidate
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      <FormField label="Email" errors={state.fieldErrors?.email}>
        {(props) => (
          <input
            {...props}
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={state.values?.email}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Password" errors={state.fieldErrors?.password}>
        {(props) => (
          <input
            {...props}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        )}
      </FormField>
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
