CREATE INDEX `comments_author_article_idx` ON `comments` (`author_name`,`article_id`);--> statement-breakpoint
CREATE INDEX `comments_email_article_idx` ON `comments` (`author_email`,`article_id`);