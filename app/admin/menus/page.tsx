import type { Metadata } from "next";
import Link from "next/link";
import { AddEntryForm, AddLinkForm, MenuItemControls } from "@/components/admin/menus/menu-forms";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireEditor } from "@/lib/auth/guards";
import { MENU_NAMES, type MenuName } from "@/lib/domain";
import { listMenuEntries, type MenuEntry } from "@/lib/data/menus";
import { listPages } from "@/lib/data/pages";
import { listSectionOptions } from "@/lib/data/admin-articles";

export const metadata: Metadata = { title: "Menus" };

const panel = "rounded-lg border border-neutral-200 p-4 dark:border-neutral-800";
const TITLES: Record<MenuName, string> = { header: "Header menu", footer: "Footer menu" };
const EMPTY: Record<MenuName, string> = {
  header: "Empty: the header lists every section, as it does by default.",
  footer: "Empty: the footer shows only its fixed links (RSS, sitemap, sign-in).",
};
const KIND_LABELS: Record<MenuEntry["kind"], string> = { section: "Section", page: "Page", link: "Link" };

export default async function MenusScreen() {
  await requireEditor("/admin/menus");
  const [entries, sections, pages] = await Promise.all([listMenuEntries(), listSectionOptions(), listPages()]);
  return (
    <>
      <PageTitle>Menus</PageTitle>
      <p className="-mt-4 mb-6 text-sm text-neutral-600 dark:text-neutral-400">
        What readers see in the header and footer of every page, in this order. Write pages in{" "}
        <Link href="/admin/pages" className="underline">
          Pages
        </Link>
        .
      </p>
      <div className="grid gap-8 lg:grid-cols-2">
        <div className="space-y-8">
          {MENU_NAMES.map((menu) => {
            const items = entries.filter((e) => e.menu === menu);
            return (
              <section key={menu} aria-labelledby={`${menu}-title`} className={panel}>
                <h2 id={`${menu}-title`} className="mb-3 text-xl font-bold">
                  {TITLES[menu]}
                </h2>
                {items.length ? (
                  <ol
                    className="divide-y divide-neutral-200 dark:divide-neutral-800"
                    aria-label={`${TITLES[menu]}, in order`}
                  >
                    {items.map((e, i) => (
                      <li key={e.id} className="space-y-1 py-2">
                        <p>
                          <span className="font-semibold">{e.label}</span>{" "}
                          <span className="text-xs text-neutral-600 dark:text-neutral-400">
                            {KIND_LABELS[e.kind]} · {e.href}
                            {e.hidden ? " · a draft: hidden from readers" : ""}
                          </span>
                        </p>
                        <MenuItemControls
                          itemId={e.id}
                          label={e.label}
                          canMoveUp={i > 0}
                          canMoveDown={i < items.length - 1}
                        />
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="text-sm text-neutral-600 dark:text-neutral-400">{EMPTY[menu]}</p>
                )}
              </section>
            );
          })}
        </div>
        <div className="space-y-8">
          <section aria-labelledby="add-page-title" className={panel}>
            <h2 id="add-page-title" className="mb-3 text-xl font-bold">
              Add a page
            </h2>
            {pages.length ? (
              <AddEntryForm kind="page" options={pages.map((p) => ({ id: p.id, name: p.title }))} />
            ) : (
              <p className="text-sm">No pages yet.</p>
            )}
          </section>
          <section aria-labelledby="add-section-title" className={panel}>
            <h2 id="add-section-title" className="mb-3 text-xl font-bold">
              Add a section
            </h2>
            <AddEntryForm kind="section" options={sections} />
          </section>
          <section aria-labelledby="add-link-title" className={panel}>
            <h2 id="add-link-title" className="mb-3 text-xl font-bold">
              Add a custom link
            </h2>
            <AddLinkForm />
          </section>
        </div>
      </div>
    </>
  );
}
