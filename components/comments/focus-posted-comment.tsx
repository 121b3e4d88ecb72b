"use client";

import { useEffect } from "react";
import { FOCUS_AFTER_POST_KEY } from "./reply-form";

/**
 * After a post with JavaScript the action redirects to `#comment-N`; Next scrolls there but leaves
 * focus on the (now gone) button, so the new comment is focused here for keyboard and screen-reader
 * users. `visibleIds` changes when the redirect renders the new comment, which re-runs the effect.
 */
export function FocusPostedComment({ visibleIds }: { visibleIds: string }) {
  useEffect(() => {
    if (sessionStorage.getItem(FOCUS_AFTER_POST_KEY) !== "1") return;
    const target = /^#comment-\d+$/.test(window.location.hash)
      ? document.querySelector<HTMLElement>(window.location.hash)
      : null;
    if (!target) return;
    sessionStorage.removeItem(FOCUS_AFTER_POST_KEY);
    target.focus();
  }, [visibleIds]);
  return null;
}
