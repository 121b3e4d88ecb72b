import type { FieldErrors } from "@/lib/actions/state";
import type { EditorArticle } from "@/lib/articles/editor";

/** What each panel of the editor gets: the form's values, how to change them, and their errors. */
export type PanelProps = {
  values: EditorArticle;
  /** An onChange handler that writes the control's value to one field. */
  bind: <K extends keyof EditorArticle>(key: K) => (e: { target: { value: string } }) => void;
  update: (patch: Partial<EditorArticle>) => void;
  errors: FieldErrors;
};
