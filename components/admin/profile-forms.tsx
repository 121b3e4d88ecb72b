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
      <FormField label="Current password" required errors={errors.currentPassword}>
        {(control) => (
          <input
            {...control}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="New password" required hint="At least 10 characters." errors={errors.newPassword}>
        {(control) => (
          <input {...control} name="newPassword" type="password" autoComplete="new-password" className={inputClass} />
        )}
      </FormField>
      <FormField label="Confirm new password" required errors={errors.confirmPassword}>
        {(control) => (
          <input
            {...control}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            className={inputClass}
          />
        )}
      </FormField>
      <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
    </form>
  );
}
