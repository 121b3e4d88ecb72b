import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/admin/page-chrome";
import { SendTestButton } from "@/components/admin/subscribers/subscriber-forms";
import { requireEditor } from "@/lib/auth/guards";
import { getSettingsUncached } from "@/lib/data/settings";
import { renderBriefingIssue, renderStoryIssue } from "@/lib/mail/issues";
import { personalise } from "@/lib/mail/templates";

export const metadata: Metadata = { title: "Newsletter preview" };

type Props = { searchParams: Promise<{ article?: string; part?: string }> };

export default async function NewsletterPreviewPage({ searchParams }: Props) {
  const { article, part } = await searchParams;
  const articleId = Number(article) || 0;
  await requireEditor(`/admin/subscribers/preview${articleId ? `?article=${articleId}` : ""}`);
  const settings = await getSettingsUncached();
  const content = articleId ? await renderStoryIssue(articleId, settings) : await renderBriefingIssue(settings);
  const links = { manage: "#manage", unsubscribe: "#unsubscribe" };
  const base = `/admin/subscribers/preview${articleId ? `?article=${articleId}&` : "?"}`;
  return (
    <>
      <PageTitle>{articleId ? "Story newsletter preview" : "Daily briefing preview"}</PageTitle>
      {content ? (
        <div className="space-y-4">
          <p className="text-sm">
            <strong>Subject:</strong> {content.subject}
          </p>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <Link href={`${base}part=html`} className="underline" aria-current={part !== "text" ? "page" : undefined}>
              HTML
            </Link>
            <Link href={`${base}part=text`} className="underline" aria-current={part === "text" ? "page" : undefined}>
              Plain text
            </Link>
            <SendTestButton kind={articleId ? "article" : "briefing"} articleId={articleId || undefined} />
          </div>
          {part === "text" ? (
            <pre className="overflow-x-auto rounded border border-neutral-200 p-4 text-sm whitespace-pre-wrap dark:border-neutral-800">
              {personalise(content.text, links, false)}
            </pre>
          ) : (
            <iframe
              title="Email preview"
              srcDoc={personalise(content.html, links, true)}
              sandbox=""
              className="h-[900px] w-full rounded border border-neutral-200 bg-white dark:border-neutral-800"
            />
          )}
        </div>
      ) : (
        <p>Nothing to preview: no story was published in the last day.</p>
      )}
    </>
  );
}
