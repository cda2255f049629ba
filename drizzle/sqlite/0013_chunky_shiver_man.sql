CREATE TABLE `appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`registration_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`published_at` text NOT NULL,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_registration_open_uq` ON `appeals` (`registration_id`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `appeals_event_idx` ON `appeals` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `appeals_registration_idx` ON `appeals` (`registration_id`,`id`);--> statement-breakpoint
ALTER TABLE `events` ADD `appeal_hours` real DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `results_withdrawn_at` text;