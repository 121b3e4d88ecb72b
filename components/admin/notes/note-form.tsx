"use client";

import { useRef } from "react";
import { RichTextField } from "@/components/admin/editor/rich-text-field";
import { SubmitButton } from "@/components/ui/button";
import { useToastingAction } from "@/components/ui/toast";
import { addArticleNoteAction } from "@/lib/actions/notes";

/** Adds a note to the story's internal thread; the field empties once it is saved. */
export function NoteForm({ articleId }: { articleId: number }) {
  const [state, formAction] = useToastingAction(addArticleNoteAction);
  const form = useRef<HTMLFormElement>(null);
  // A saved note gets a fresh, empty field: the key changes with each successful result.
  const key = state.status === "ok" ? state.at : 0;
  return (
    <form ref={form} action={formAction} aria-label="Add a note" className="space-y-2">
      <input type="hidden" name="articleId" value={articleId} />
      <RichTextField
        key={key}
        name="body"
        label="Note"
        defaultValue={state.status === "error" ? (state.values?.body ?? "") : ""}
        hint="Only the newsroom sees notes. Mention a colleague with @ and their email's first part (@elif)."
      />
      {state.status === "error" && state.fieldErrors.body ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.fieldErrors.body.join(" ")}
        </p>
      ) : null}
      <SubmitButton size="sm" pendingLabel="Adding…">
        Add note
      </SubmitButton>
    </form>
  );
}
