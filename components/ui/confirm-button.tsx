"use client";

import { useRef } from "react";
import { SubmitButton } from "./button";
import { buttonClass, type ButtonVariant } from "./button-class";

/**
 * A destructive submit behind a native <dialog>: focus moves into it, Escape cancels, and the confirm
 * button submits the surrounding form, so it works by keyboard alone.
 */
export function ConfirmButton({
  children,
  title,
  description,
  confirmLabel,
  name,
  value,
  variant = "danger",
  size = "sm",
}: {
  children: React.ReactNode;
  title: string;
  description?: string;
  confirmLabel: string;
  name?: string;
  value?: string;
  variant?: ButtonVariant;
  size?: "sm" | "md";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={buttonClass(variant, size)} onClick={() => dialog.current?.showModal()}>
        {children}
      </button>
      <dialog
        ref={dialog}
        aria-label={title}
        className="m-auto max-w-md rounded-lg p-6 text-neutral-900 shadow-xl backdrop:bg-black/50 dark:bg-neutral-900 dark:text-neutral-100"
      >
        <h2 className="text-lg font-bold">{title}</h2>
        {description ? <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-300">{description}</p> : null}
        <div className="mt-6 flex justify-end gap-3">
          <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <SubmitButton
            variant="danger"
            name={name}
            value={value}
            onClick={() => setTimeout(() => dialog.current?.close(), 0)}
          >
            {confirmLabel}
          </SubmitButton>
        </div>
      </dialog>
    </>
  );
}
