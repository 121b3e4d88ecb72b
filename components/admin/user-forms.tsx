"use client";

import { ROLES, type Role } from "@/lib/domain";
import { changeRoleAction, createUserAction, resetPasswordAction } from "@/lib/actions/users";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

export function CreateUserForm() {
  const [state, action] = useToastingAction(createUserAction);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const shown = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" aria-label="Add user" noValidate>
      <FormField label="Name" required errors={errors.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            required
            autoComplete="off"
            defaultValue={shown.name}
            key={`n${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Email" required errors={errors.email}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            required
            autoComplete="off"
            defaultValue={shown.email}
            key={`e${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Role" required errors={errors.role}>
        {(control) => (
          <select
            {...control}
            name="role"
            defaultValue={shown.role || "author"}
            key={`r${state.at}`}
            className={inputClass}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label="Initial password"
        required
        hint="At least 10 characters. Share it with the person privately."
        errors={errors.password}
      >
        {(control) => (
          <input
            {...control}
            name="password"
            type="password"
            required
            autoComplete="new-password"
            className={inputClass}
          />
        )}
      </FormField>
      <div>
        <SubmitButton pendingLabel="Adding…">Add user</SubmitButton>
      </div>
    </form>
  );
}

export function RoleForm({ id, name, role }: { id: number; name: string; role: Role }) {
  const [state, action] = useToastingAction(changeRoleAction);
  return (
    <form action={action} className="flex items-center gap-2" aria-label={`Role of ${name}`}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`role-${id}`} className="sr-only">
        Role of {name}
      </label>
      <select
        id={`role-${id}`}
        name="role"
        defaultValue={role}
        key={`${role}${state.at}`}
        className={`${inputClass} min-w-[9.5rem] py-1`}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
        Change role
      </SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ id, name }: { id: number; name: string }) {
  const [state, action] = useToastingAction(resetPasswordAction);
  return (
    <form action={action} className="mt-2 space-y-2" aria-label={`Reset password of ${name}`}>
      <input type="hidden" name="id" value={id} />
      <FormField
        label={`New password for ${name}`}
        errors={state.status === "error" ? state.fieldErrors?.password : undefined}
      >
        {(control) => (
          <input {...control} name="password" type="password" autoComplete="new-password" className={inputClass} />
        )}
      </FormField>
      <SubmitButton size="sm" pendingLabel="Saving…">
        Reset password
      </SubmitButton>
    </form>
  );
}
