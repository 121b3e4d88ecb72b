import { COMMENT_MESSAGES } from "@/lib/validation/comment";
import { ReplyForm, type ReplyFormProps } from "./reply-form";

/** The end of the comments section: the reply form, or the notice that comments are closed. */
export function Respond({ open, ...form }: ReplyFormProps & { open: boolean }) {
  if (!open) {
    return (
      <p id="respond" className="mt-10 border-t border-neutral-200 pt-6 font-semibold dark:border-neutral-800">
        {COMMENT_MESSAGES.closed}
      </p>
    );
  }
  return <ReplyForm {...form} />;
}
