import type { Metadata } from "next";
import Link from "next/link";
import { AdminTable, PageTitle } from "@/components/admin/page-chrome";
import { ActionForm } from "@/components/admin/action-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { buttonClass } from "@/components/ui/button-class";
import { deletePageAction } from "@/lib/actions/pages";
import { requireEditor } from "@/lib/auth/guards";
import { listPages } from "@/lib/data/pages";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { pagePath } from "@/lib/site";

export const metadata: Metadata = { title: "Pages" };

export default async function PagesScreen() {
  await requireEditor("/admin/pages");
  const [pages, { timezone }] = await Promise.all([listPages(), getSettingsUncached()]);
  return (
    <>
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
        <AdminTable
          caption="Pages"
          columns={["Title", "Address", "Status", "Updated", "Actions"]}
          minWidthClass="min-w-[640px]"
        >
          {pages.map((p) => (
            <tr key={p.id}>
              <td className="py-2 pr-3 font-semibold">
                <Link href={`/admin/pages/${p.id}`} className="hover:underline">
                  {p.title}
                </Link>
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{pagePath(p.slug)}</td>
              <td className="py-2 pr-3">{p.status === "published" ? "Published" : "Draft"}</td>
              <td className="py-2 pr-3">{formatDateTime(p.updatedAt, timezone)}</td>
              <td className="py-2">
                <ActionForm action={deletePageAction} hidden={{ pageId: p.id }}>
                  <ConfirmButton
                    title={`Delete “${p.title}”?`}
                    description="It leaves the site and its menus at once, with its revisions."
                    confirmLabel="Delete page"
                  >
                    Delete<span className="sr-only"> {p.title}</span>
                  </ConfirmButton>
                </ActionForm>
              </td>
            </tr>
          ))}
        </AdminTable>
      ) : (
        <p className="text-sm text-neutral-600 dark:text-neutral-400">No pages yet.</p>
      )}
    </>
  );
}
