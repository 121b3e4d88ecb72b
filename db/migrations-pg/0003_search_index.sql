-- Full-text index of every article, one row per article; readers' visibility is checked at query time
-- against articles. The text columns hold plain text for snippets; `document` is the weighted tsvector
-- (A headline, B dek, C body, D tags, section and bylines) of the same text with accents folded,
-- written by db/search-index.ts inside each write's transaction (folding is done there, in JS, because
-- the unaccent extension is not always installed).
CREATE TABLE "article_search" (
	"article_id" integer PRIMARY KEY NOT NULL REFERENCES "articles"("id") ON DELETE CASCADE,
	"headline" text NOT NULL,
	"dek" text NOT NULL,
	"body" text NOT NULL,
	"tags" text NOT NULL,
	"section" text NOT NULL,
	"bylines" text NOT NULL,
	"source_updated_at" bigint NOT NULL,
	"document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "article_search_document_idx" ON "article_search" USING gin ("document");
--> statement-breakpoint
-- Fills the index for databases that predate it, Markdown and accents as stored; source_updated_at = -1
-- marks the rows stale, so the next start rewrites them as folded plain text.
INSERT INTO "article_search" ("article_id", "headline", "dek", "body", "tags", "section", "bylines", "source_updated_at", "document")
SELECT x.id, x.headline, x.dek, x.body, x.tags, x.section, x.bylines, -1,
  setweight(to_tsvector('english', x.headline), 'A') || setweight(to_tsvector('english', x.dek), 'B')
  || setweight(to_tsvector('english', x.body), 'C')
  || setweight(to_tsvector('english', x.tags || ' ' || x.section || ' ' || x.bylines), 'D')
FROM (
  SELECT a.id, a.headline, a.dek, a.body,
    coalesce((SELECT string_agg(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '') AS tags,
    coalesce(s.name, '') AS section,
    coalesce((SELECT string_agg(au.name, ' ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '') AS bylines
  FROM articles a LEFT JOIN sections s ON s.id = a.section_id
) x;
