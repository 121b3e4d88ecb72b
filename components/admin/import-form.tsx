"use client";

import { useEffect, useState } from "react";
import { useFormStatus } from "react-dom";
import { importWordPressAction } from "@/lib/actions/import";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";

type Progress = { bytesRead: number; totalBytes?: number; articles: number; comments: number };

export function ImportForm() {
  const [state, action] = useToastingAction(importWordPressAction);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} aria-label="Import a WordPress export" className="max-w-2xl space-y-4" noValidate>
      <FormField
        label="WordPress export file"
        required
        hint="In WordPress: Tools → Export → All content. Up to 12 MB here; larger files with npm run import:wordpress."
        errors={errors.file}
      >
        {(control) => (
          <input {...control} type="file" name="file" accept=".xml,application/xml,text/xml" className={inputClass} />
        )}
      </FormField>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="createUsers" className="mt-1" />
        <span>
          Create a newsroom user (role author, inactive until you activate it) for each WordPress author who has none
        </span>
      </label>
      <SubmitButton pendingLabel="Importing…">Import</SubmitButton>
      <ImportProgress />
    </form>
  );
}

/** While the upload runs, asks the server twice a second how far the import has got. */
function ImportProgress() {
  const { pending } = useFormStatus();
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    const poll = async () => {
      const res = await fetch("/admin/import/progress", { cache: "no-store" }).catch(() => null);
      const run = res?.ok ? ((await res.json()) as { status: string; progress: Progress } | null) : null;
      if (!stopped && run?.status === "running") setProgress(run.progress);
    };
    const timer = setInterval(poll, 500);
    return () => {
      stopped = true;
      clearInterval(timer);
      setProgress(null);
    };
  }, [pending]);
  if (!pending) return null;
  const total = progress?.totalBytes ?? 0;
  return (
    <div className="space-y-1" role="status" aria-live="polite">
      <progress
        aria-label="Import progress"
        className="w-full"
        max={total || undefined}
        value={total ? (progress?.bytesRead ?? 0) : undefined}
      />
      <p className="text-sm text-neutral-600 dark:text-neutral-400">
        {progress
          ? `${progress.articles.toLocaleString("en-US")} articles · ${progress.comments.toLocaleString("en-US")} comments read`
          : "Uploading…"}
      </p>
    </div>
  );
}
