"use client";

import { changePasswordAction, updateProfileAction } from "@/lib/actions/profile";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

export function ProfileForm({ name, bio }: { name: string; bio: string }) {
  const [state, action] = useToastingAction(updateProfileAction);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const shown = state.status === "error" && state.values ? state.values : { name, bio };
  return (
    <form action={action} className="space-y-4" aria-label="Author profile" noValidate>
      <FormField label="Name" required hint="Shown in bylines." errors={errors.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            required
            defaultValue={shown.name}
            key={`n${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Bio" hint="Shown on your author page." errors={errors.bio}>
        {(control) => (
          <textarea
            {...control}
            name="bio"
            rows={5}
            defaultValue={shown.bio}
            key={`b${state.at}`}
            className={inputClass}
          />
        )}
      </FormField>
      <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action] = useToastingAction(changePasswordAction);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" aria-label="Change password" noValidate>
      <PasswordField
        label="Current password"
        name="currentPassword"
        autoComplete="current-password"
        errors={errors.currentPassword}
      />
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        hint="At least 10 characters."
        errors={errors.newPassword}
      />
      <PasswordField
        label="Confirm new password"
        name="confirmPassword"
        autoComplete="new-password"
        errors={errors.confirmPassword}
      />
      <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
    </form>
  );
}

function PasswordField({
  label,
  name,
  autoComplete,
  hint,
  errors,
}: {
  label: string;
  name: string;
  autoComplete: "current-password" | "new-password";
  hint?: string;
  errors?: string[];
}) {
  return (
    <FormField label={label} required hint={hint} errors={errors}>
      {(control) => (
        <input {...control} name={name} type="password" autoComplete={autoComplete} className={inputClass} />
      )}
    </FormField>
  );
}
