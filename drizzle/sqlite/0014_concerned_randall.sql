CREATE TABLE `event_quotas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`seats` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_quotas_event_org_uq` ON `event_quotas` (`event_id`,`org_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `registration_mode` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `quota_reserved` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `nominated_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `registrations` ADD `quota_org_id` integer REFERENCES organisations(id);