-- Full-text index of every article (drafts and trash too: readers' visibility is checked at query time
-- against articles, so publishing, unpublishing, trashing or a schedule coming due needs no index change).
-- rowid is the article id. Kept in step by db/search-index.ts inside each write's transaction.
CREATE VIRTUAL TABLE `article_search` USING fts5(
  headline, dek, body, tags, section, bylines, source_updated_at UNINDEXED,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- Fills the index for databases that predate it, with the body still in Markdown (SQL cannot render
-- it); source_updated_at = -1 marks those rows stale, so the next start rewrites them as plain text.
INSERT INTO `article_search` (rowid, headline, dek, body, tags, section, bylines, source_updated_at)
SELECT a.id, a.headline, a.dek, a.body,
  coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), ''),
  coalesce(s.name, ''),
  coalesce((SELECT group_concat(au.name, ' ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), ''),
  -1
FROM articles a LEFT JOIN sections s ON s.id = a.section_id;
