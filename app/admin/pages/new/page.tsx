import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-chrome";
import { PageEditor } from "@/components/admin/pages/page-editor";
import { requireEditor } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "New page" };

export default async function NewPageScreen() {
  await requireEditor("/admin/pages/new");
  return (
    <>
      <PageTitle>New page</PageTitle>
      <PageEditor page={{ id: null, title: "", slug: "", body: "", status: "draft" }} version={null} />
    </>
  );
}
