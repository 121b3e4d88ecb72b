import type { Metadata } from "next";
import { ArticleEditor } from "@/components/admin/editor/article-editor";
import { PageTitle } from "@/components/admin/page-chrome";
import { EMPTY_EDITOR_VALUES } from "@/lib/articles/editing";
import { requireStaff } from "@/lib/auth/guards";
import { canChooseBylines, canPublish } from "@/lib/auth/roles";
import { authorIdForUser, listSectionOptions } from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { listAuthorOptions } from "@/lib/data/users";

export const metadata: Metadata = { title: "New article" };

export default async function NewArticlePage() {
  const user = await requireStaff("/admin/articles/new");
  const [{ timezone }, own, sections, authors] = await Promise.all([
    getSettingsUncached(),
    authorIdForUser(user.id),
    listSectionOptions(),
    listAuthorOptions(),
  ]);
  return (
    <>
      <PageTitle>New article</PageTitle>
      <ArticleEditor
        article={{ ...EMPTY_EDITOR_VALUES, authorIds: own ? [own] : [] }}
        version={null}
        storedAt={null}
        sections={sections}
        authors={authors}
        timezone={timezone}
        canPublish={canPublish(user, null)}
        canChooseBylines={canChooseBylines(user)}
      />
    </>
  );
}
