ALTER TABLE `audit_log` ADD `event_id` integer;--> statement-breakpoint
CREATE INDEX `audit_event_idx` ON `audit_log` (`event_id`,`id`);