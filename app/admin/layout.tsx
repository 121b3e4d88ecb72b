import type { Metadata } from "next";
import { AdminHeader } from "@/components/admin/admin-header";
import { ToastProvider } from "@/components/ui/toast";
import { requireStaff } from "@/lib/auth/guards";
import { canReview } from "@/lib/auth/roles";
import { countPendingReview } from "@/lib/data/status-history";

export const metadata: Metadata = {
  title: { default: "Newsroom", template: "%s — Newsroom" },
  robots: { index: false, follow: false },
};

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // The proxy already turned signed-out visitors away; this also catches deactivated accounts.
  const user = await requireStaff();
  const reviewCount = canReview(user) ? await countPendingReview() : null;
  return (
    <ToastProvider>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:bg-white focus:px-3 focus:py-2 focus:text-black"
      >
        Skip to content
      </a>
      <AdminHeader user={user} reviewCount={reviewCount} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </ToastProvider>
  );
}
