CREATE TABLE `import_map` (
	`kind` text NOT NULL,
	`source_key` text NOT NULL,
	`local_id` integer,
	`local_path` text,
	`digest` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`kind`, `source_key`)
);
--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`progress` text DEFAULT '{}' NOT NULL,
	`summary` text,
	`error` text,
	`started_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `old_links` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`local_id` integer,
	`target` text DEFAULT '' NOT NULL
);
