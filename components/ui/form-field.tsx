import { useId } from "react";

export const inputClass =
  "block w-full rounded border border-neutral-300 bg-white px-3 py-2 text-sm text-neutral-900 aria-invalid:border-red-600 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100";

// Readers' forms (the reply form) use a larger type than the newsroom's dense screens.
const labelSize = { sm: "text-sm", md: "text-base" } as const;

/**
 * A labelled control with its hint and error wired up through aria-describedby. The child receives
 * the id and aria attributes through the render function.
 */
export function FormField({
  label,
  hint,
  errors,
  required,
  id: fixedId,
  describedBy: alsoDescribedBy,
  size = "sm",
  children,
}: {
  label: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
  /** A stable id where other pages link to the control (WordPress's #comment, #author…). */
  id?: string;
  /** Another element that describes the control, read before its hint and error. */
  describedBy?: string;
  size?: keyof typeof labelSize;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => React.ReactNode;
}) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [alsoDescribedBy, hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={`block font-semibold ${labelSize[size]}`}>
        {label}
        {required ? (
          <>
            {" "}
            <RequiredMark />
          </>
        ) : null}
      </label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": errorId ? true : undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-neutral-600 dark:text-neutral-400">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm font-semibold text-red-700 dark:text-red-400">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The asterisk of a required field; the field's `required` attribute is what assistive technology reads. */
export function RequiredMark() {
  return (
    <span className="required text-red-700 dark:text-red-400" aria-hidden="true">
      *
    </span>
  );
}
