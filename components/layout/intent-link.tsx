"use client";

import Link from "next/link";
import { useState, type ComponentProps } from "react";

/**
 * A link the router prefetches only once a reader shows they may open it (pointer over it, focus, a
 * touch), as Next's docs suggest for many links: every page carries the section navigation, and
 * prefetching all of it on sight costs the server a render per link per view for links mostly not taken.
 */
export function IntentLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  const [intent, setIntent] = useState(false);
  const show = () => setIntent(true);
  return <Link {...props} prefetch={intent ? null : false} onMouseEnter={show} onFocus={show} onTouchStart={show} />;
}
