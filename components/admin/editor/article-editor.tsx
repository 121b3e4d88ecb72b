"use client";

import { useState } from "react";
import { saveArticleAction } from "@/lib/actions/articles";
import type { EditorArticle } from "@/lib/articles/editor";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useToastingAction } from "@/components/ui/toast";
import { BodyPanel } from "./body-panel";
import type { PanelProps } from "./fields";
import { ImagePanel } from "./image-panel";
import { PublishingPanel } from "./publishing-panel";
import { StoryPanel } from "./story-panel";
import { TaxonomyPanel } from "./taxonomy-panel";

type Option = { id: number; name: string };

/** The article form: the story and its image on the left, publishing and filing on the right. */
export function ArticleEditor({
  article,
  sections,
  authors,
  timezone,
  canPublish,
  canChooseBylines,
}: {
  article: EditorArticle;
  sections: Option[];
  authors: Option[];
  timezone: string;
  canPublish: boolean;
  canChooseBylines: boolean;
}) {
  const [state, action] = useToastingAction(saveArticleAction);
  // Controlled fields survive the form reset React does after each submit, so an error loses nothing.
  const [values, setValues] = useState(article);
  const panel: PanelProps = {
    values,
    bind: (key) => (e) => setValues((v) => ({ ...v, [key]: e.target.value })),
    update: (patch) => setValues((v) => ({ ...v, ...patch })),
    errors: state.fieldErrors ?? {},
  };

  return (
    <form action={action} className="grid gap-8 lg:grid-cols-[1fr_18rem]" noValidate aria-label="Article">
      {article.id !== null ? <input type="hidden" name="id" value={article.id} /> : null}
      <div className="space-y-5">
        <FormAlert message={state.status === "error" ? state.message : undefined} />
        <StoryPanel {...panel} />
        <BodyPanel {...panel} />
        <FormField label="Correction" hint="Shown under the article when filled in." errors={panel.errors.correction}>
          {(control) => (
            <textarea
              {...control}
              name="correction"
              value={values.correction}
              onChange={panel.bind("correction")}
              rows={2}
              className={inputClass}
            />
          )}
        </FormField>
        <ImagePanel {...panel} />
      </div>
      <aside className="space-y-5" aria-label="Publishing">
        <PublishingPanel {...panel} storedStatus={article.status} timezone={timezone} canPublish={canPublish} />
        <TaxonomyPanel
          {...panel}
          sections={sections}
          authors={authors}
          initialAuthorIds={article.authorIds}
          canChooseBylines={canChooseBylines}
        />
      </aside>
    </form>
  );
}
