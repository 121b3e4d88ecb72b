"use client";

import { useFormStatus } from "react-dom";

import { buttonClass, type ButtonVariant } from "./button-class";

/** A submit button that shows its form is on its way (useFormStatus) and cannot be double-sent. */
export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  size = "md",
  name,
  value,
  formAction,
  onClick,
  className = "",
}: {
  children: React.ReactNode;
  pendingLabel?: string;
  variant?: ButtonVariant;
  size?: "sm" | "md";
  name?: string;
  value?: string;
  formAction?: (form: FormData) => void;
  onClick?: () => void;
  className?: string;
}) {
  const { pending, data } = useFormStatus();
  // With several submit buttons in one form, only the one that was pressed says it is working.
  const mine = pending && (!name || data?.get(name) === value);
  return (
    <button
      type="submit"
      name={name}
      value={value}
      formAction={formAction}
      onClick={onClick}
      disabled={pending}
      aria-disabled={pending}
      className={`${buttonClass(variant, size)} ${className}`}
    >
      {mine ? (pendingLabel ?? "Working…") : children}
    </button>
  );
}
