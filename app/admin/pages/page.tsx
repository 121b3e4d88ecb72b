import type { Metadata } from "next";
import Link from "next/link";
import { AdminTable, PageTitle } from "@/components/admin/page-chrome";
import { ToastOnMount } from "@/components/ui/toast";
import { buttonClass } from "@/components/ui/button-class";
import { requireEditor } from "@/lib/auth/guards";
import { listPages } from "@/lib/data/pages";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { pagePath } from "@/lib/site";

export const metadata: Metadata = { title: "Pages" };

type Props = { searchParams: Promise<{ deleted?: string }> };

export default async function PagesScreen({ searchParams }: Props) {
  await requireEditor("/admin/pages");
  const [pages, { timezone }, { deleted }] = await Promise.all([listPages(), getSettingsUncached(), searchParams]);
  return (
    <>
      {deleted ? <ToastOnMount message="Page deleted." /> : null}
      <PageTitle
        actions={
          <Link href="/admin/pages/new" className={buttonClass()}>
            New page
          </Link>
        }
      >
        Pages
      </PageTitle>
      <p className="-mt-4 mb-6 text-sm text-neutral-600 dark:text-neutral-400">
        Static pages such as About or the Corrections policy, at their own address. Add them to the header or footer in{" "}
        <Link href="/admin/menus" className="underline">
          Menus
        </Link>
        .
      </p>
      {pages.length ? (
        <AdminTable caption="Pages" columns={["Title", "Address", "Status", "Updated"]} minWidthClass="min-w-[560px]">
          {pages.map((p) => (
            <tr key={p.id}>
              <td className="py-2 pr-3 font-semibold">
                <Link href={`/admin/pages/${p.id}`} className="hover:underline">
                  {p.title}
                </Link>
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{pagePath(p.slug)}</td>
              <td className="py-2 pr-3">{p.status === "published" ? "Published" : "Draft"}</td>
              <td className="py-2">{formatDateTime(p.updatedAt, timezone)}</td>
            </tr>
          ))}
        </AdminTable>
      ) : (
        <p className="text-sm text-neutral-600 dark:text-neutral-400">No pages yet.</p>
      )}
    </>
  );
}
