CREATE TABLE "comment_counts" (
	"article_id" integer NOT NULL,
	"status" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "comment_counts_article_id_status_pk" PRIMARY KEY("article_id","status")
);
--> statement-breakpoint
DROP INDEX "articles_status_published_idx";--> statement-breakpoint
DROP INDEX "articles_section_published_idx";--> statement-breakpoint
CREATE INDEX "articles_published_idx" ON "articles" USING btree ("published_at","id","status","trashed_at","updated_at","slug");--> statement-breakpoint
CREATE INDEX "articles_updated_idx" ON "articles" USING btree ("updated_at","id","trashed_at","status","published_at");--> statement-breakpoint
CREATE INDEX "comments_created_idx" ON "comments" USING btree ("created_at","id","status");--> statement-breakpoint
CREATE INDEX "comments_article_created_idx" ON "comments" USING btree ("article_id","created_at","id","status");--> statement-breakpoint
CREATE INDEX "articles_section_published_idx" ON "articles" USING btree ("section_id","published_at","id","status","trashed_at");--> statement-breakpoint
-- comment_counts is kept by these triggers (written by hand: drizzle-kit does not generate triggers).
-- Article 0 holds the whole site's counts.
INSERT INTO "comment_counts" ("article_id", "status", "n") SELECT "article_id", "status", count(*) FROM "comments" GROUP BY "article_id", "status";--> statement-breakpoint
INSERT INTO "comment_counts" ("article_id", "status", "n") SELECT 0, "status", count(*) FROM "comments" GROUP BY "status";--> statement-breakpoint
CREATE FUNCTION "comment_counts_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "comment_counts" SET "n" = "n" - 1 WHERE "status" = OLD."status" AND "article_id" IN (OLD."article_id", 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "comment_counts" ("article_id", "status", "n") VALUES (NEW."article_id", NEW."status", 1), (0, NEW."status", 1)
      ON CONFLICT ("article_id", "status") DO UPDATE SET "n" = "comment_counts"."n" + 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "comment_counts_insert" AFTER INSERT OR DELETE ON "comments" FOR EACH ROW EXECUTE FUNCTION "comment_counts_track"();--> statement-breakpoint
CREATE TRIGGER "comment_counts_update" AFTER UPDATE OF "status", "article_id" ON "comments" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."article_id" IS DISTINCT FROM NEW."article_id")
  EXECUTE FUNCTION "comment_counts_track"();--> statement-breakpoint
CREATE FUNCTION "comment_counts_forget_article"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "comment_counts" WHERE "article_id" = OLD."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "comment_counts_article_delete" AFTER DELETE ON "articles" FOR EACH ROW EXECUTE FUNCTION "comment_counts_forget_article"();
