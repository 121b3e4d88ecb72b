import Link from "next/link";
import { signOutAction } from "@/lib/actions/auth";
import { idleState } from "@/lib/actions/state";
import { hasRole, ROLE_LABELS, type SessionUser } from "@/lib/auth/roles";
import { SubmitButton } from "@/components/ui/button";

/** `reviewCount`: stories waiting for review, shown beside Review to those who review (null for others). */
export function AdminHeader({ user, reviewCount = null }: { user: SessionUser; reviewCount?: number | null }) {
  const links = [
    { href: "/admin", label: "Dashboard", show: true },
    { href: "/admin/articles", label: "Articles", show: true },
    { href: "/admin/media", label: "Media", show: true },
    { href: "/admin/review", label: "Review", show: reviewCount !== null, count: reviewCount ?? 0 },
    { href: "/admin/front-page", label: "Front page", show: hasRole(user, "editor") },
    { href: "/admin/pages", label: "Pages", show: hasRole(user, "editor") },
    { href: "/admin/menus", label: "Menus", show: hasRole(user, "editor") },
    { href: "/admin/comments", label: "Comments", show: hasRole(user, "editor") },
    { href: "/admin/users", label: "Users", show: hasRole(user, "administrator") },
    { href: "/admin/subscribers", label: "Subscribers", show: hasRole(user, "administrator") },
    { href: "/admin/settings", label: "Settings", show: hasRole(user, "administrator") },
    { href: "/admin/import", label: "Import", show: hasRole(user, "administrator") },
    { href: "/admin/integrations", label: "Integrations", show: hasRole(user, "administrator") },
    { href: "/admin/audit", label: "Audit", show: hasRole(user, "administrator") },
    { href: "/admin/health", label: "Health", show: hasRole(user, "administrator") },
    { href: "/admin/profile", label: "Profile", show: true },
  ].filter((l) => l.show);
  return (
    <header className="border-b border-neutral-200 bg-neutral-900 text-white dark:border-neutral-800">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="font-serif text-lg font-black">
          The Meridian Post
        </Link>
        <nav aria-label="Newsroom" className="order-3 w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="hover:underline">
                  {l.label}
                  {"count" in l && l.count ? (
                    <span className="ml-1 rounded-full bg-amber-300 px-1.5 text-xs text-neutral-900">
                      {l.count}
                      <span className="sr-only"> waiting</span>
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span>
            {user.name} <span className="text-neutral-400">({ROLE_LABELS[user.role]})</span>
          </span>
          <form action={signOutAction.bind(null, idleState)}>
            <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">
              Sign out
            </SubmitButton>
          </form>
        </div>
      </div>
    </header>
  );
}
