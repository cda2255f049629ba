ALTER TABLE `certificates` ADD `holder_name` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `holder_resident_id` text;--> statement-breakpoint
ALTER TABLE `promotions` ADD `holder_name` text;--> statement-breakpoint
ALTER TABLE `promotions` ADD `holder_resident_id` text;