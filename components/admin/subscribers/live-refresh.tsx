"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While an issue is sending, the counts refresh every two seconds (router.refresh keeps the page state). */
export function LiveRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
