CREATE TABLE `comment_counts` (
	`article_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`article_id`, `status`)
);
--> statement-breakpoint
DROP INDEX `articles_status_published_idx`;--> statement-breakpoint
DROP INDEX `articles_section_published_idx`;--> statement-breakpoint
CREATE INDEX `articles_published_idx` ON `articles` (`published_at`,`id`,`status`,`trashed_at`,`updated_at`,`slug`);--> statement-breakpoint
CREATE INDEX `articles_updated_idx` ON `articles` (`updated_at`,`id`,`trashed_at`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `articles_section_published_idx` ON `articles` (`section_id`,`published_at`,`id`,`status`,`trashed_at`);--> statement-breakpoint
CREATE INDEX `comments_created_idx` ON `comments` (`created_at`,`id`,`status`);--> statement-breakpoint
CREATE INDEX `comments_article_created_idx` ON `comments` (`article_id`,`created_at`,`id`,`status`);--> statement-breakpoint
-- comment_counts is kept by these triggers (written by hand: drizzle-kit does not generate triggers).
-- Article 0 holds the whole site's counts.
INSERT INTO `comment_counts` (`article_id`, `status`, `n`) SELECT `article_id`, `status`, count(*) FROM `comments` GROUP BY `article_id`, `status`;--> statement-breakpoint
INSERT INTO `comment_counts` (`article_id`, `status`, `n`) SELECT 0, `status`, count(*) FROM `comments` GROUP BY `status`;--> statement-breakpoint
CREATE TRIGGER `comment_counts_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `comment_counts` (`article_id`, `status`, `n`) VALUES (new.`article_id`, new.`status`, 1), (0, new.`status`, 1)
    ON CONFLICT (`article_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_delete` AFTER DELETE ON `comments` BEGIN
  UPDATE `comment_counts` SET `n` = `n` - 1 WHERE `status` = old.`status` AND `article_id` IN (old.`article_id`, 0);
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_update` AFTER UPDATE OF `status`, `article_id` ON `comments`
  WHEN old.`status` IS NOT new.`status` OR old.`article_id` IS NOT new.`article_id` BEGIN
  UPDATE `comment_counts` SET `n` = `n` - 1 WHERE `status` = old.`status` AND `article_id` IN (old.`article_id`, 0);
  INSERT INTO `comment_counts` (`article_id`, `status`, `n`) VALUES (new.`article_id`, new.`status`, 1), (0, new.`status`, 1)
    ON CONFLICT (`article_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_article_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM `comment_counts` WHERE `article_id` = old.`id`;
END;
