CREATE TABLE `event_qualifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`final_event_id` integer NOT NULL,
	`from_event_id` integer NOT NULL,
	`position` integer NOT NULL,
	`top_n` integer,
	`top_percent` real,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`final_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_qualifications_final_from_uq` ON `event_qualifications` (`final_event_id`,`from_event_id`);--> statement-breakpoint
CREATE INDEX `event_qualifications_from_idx` ON `event_qualifications` (`from_event_id`);--> statement-breakpoint
ALTER TABLE `registrations` ADD `qualified_from_event_id` integer REFERENCES events(id);--> statement-breakpoint
ALTER TABLE `registrations` ADD `qualified_rank` integer;