CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`path` text DEFAULT '' NOT NULL,
	`depth` integer DEFAULT 0 NOT NULL,
	`member_count` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisations_parent_idx` ON `organisations` (`parent_id`);--> statement-breakpoint
CREATE INDEX `organisations_path_idx` ON `organisations` (`path`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`family` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tokens_hash_uq` ON `refresh_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user_idx` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`family`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`org_id` integer,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_uq` ON `users` (`phone`);--> statement-breakpoint
CREATE INDEX `users_org_idx` ON `users` (`org_id`);--> statement-breakpoint
CREATE TABLE `worker_profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`id_number` text,
	`birth_date` text,
	`gender` text,
	`employer_org_id` integer,
	`trade_id` integer,
	`skill_level` text,
	`certificate_no` text,
	`union_member` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`employer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `worker_profiles_user_uq` ON `worker_profiles` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `worker_profiles_id_number_uq` ON `worker_profiles` (`id_number`);--> statement-breakpoint
CREATE INDEX `worker_profiles_employer_idx` ON `worker_profiles` (`employer_org_id`);--> statement-breakpoint
CREATE INDEX `worker_profiles_trade_level_idx` ON `worker_profiles` (`trade_id`,`skill_level`);--> statement-breakpoint
CREATE TABLE `trades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trades_code_uq` ON `trades` (`code`);--> statement-breakpoint
CREATE TABLE `contests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`tier` text NOT NULL,
	`org_id` integer NOT NULL,
	`in_plan` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`venue` text,
	`registration_opens_at` text NOT NULL,
	`registration_closes_at` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contests_status_starts_idx` ON `contests` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `contests_org_starts_idx` ON `contests` (`org_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`max_score` real NOT NULL,
	`kind` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `criteria_event_idx` ON `criteria` (`event_id`,`position`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`trade_id` integer NOT NULL,
	`target_level` text,
	`capacity` integer NOT NULL,
	`taken` integer DEFAULT 0 NOT NULL,
	`confirmed_count` integer DEFAULT 0 NOT NULL,
	`waitlisted_count` integer DEFAULT 0 NOT NULL,
	`waitlist_seq` integer DEFAULT 0 NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL,
	`min_level` text,
	`max_level` text,
	`min_age` integer,
	`max_age` integer,
	`union_member_only` integer DEFAULT true NOT NULL,
	`theory_weight` real DEFAULT 0.3 NOT NULL,
	`practical_weight` real DEFAULT 0.7 NOT NULL,
	`aggregation` text DEFAULT 'mean' NOT NULL,
	`pass_mark` real DEFAULT 60 NOT NULL,
	`awards` text,
	`venue` text,
	`draw_seed` text,
	`drawn_at` text,
	`results_published_at` text,
	`promotions_applied_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_contest_trade_uq` ON `events` (`contest_id`,`trade_id`);--> statement-breakpoint
CREATE INDEX `events_trade_idx` ON `events` (`trade_id`);--> statement-breakpoint
CREATE TABLE `promotion_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`position` integer NOT NULL,
	`from_rank` integer,
	`to_rank` integer,
	`top_percent` real,
	`target_level` text NOT NULL,
	`cap_level` text NOT NULL,
	`title` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `promotion_rules_event_idx` ON `promotion_rules` (`event_id`,`position`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`status` text NOT NULL,
	`waitlist_seq` integer,
	`bib` text,
	`ticket_code` text NOT NULL,
	`checked_in_at` text,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_event_worker_live_uq` ON `registrations` (`event_id`,`worker_id`) WHERE status in ('pending','confirmed','waitlisted');--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_event_bib_uq` ON `registrations` (`event_id`,`bib`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_ticket_code_uq` ON `registrations` (`ticket_code`);--> statement-breakpoint
CREATE INDEX `registrations_event_status_idx` ON `registrations` (`event_id`,`status`,`waitlist_seq`);--> statement-breakpoint
CREATE INDEX `registrations_worker_idx` ON `registrations` (`worker_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `judge_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`judge_id` integer NOT NULL,
	`chief` integer DEFAULT false NOT NULL,
	`submitted_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`judge_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judge_assignments_event_judge_uq` ON `judge_assignments` (`event_id`,`judge_id`);--> statement-breakpoint
CREATE INDEX `judge_assignments_judge_idx` ON `judge_assignments` (`judge_id`);--> statement-breakpoint
CREATE TABLE `results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`registration_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`theory` real NOT NULL,
	`practical` real NOT NULL,
	`total` real NOT NULL,
	`passed` integer NOT NULL,
	`award` text,
	`tied` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `results_registration_uq` ON `results` (`registration_id`);--> statement-breakpoint
CREATE INDEX `results_event_rank_idx` ON `results` (`event_id`,`rank`);--> statement-breakpoint
CREATE TABLE `scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`registration_id` integer NOT NULL,
	`judge_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`score` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`judge_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scores_cell_uq` ON `scores` (`registration_id`,`judge_id`,`criterion_id`);--> statement-breakpoint
CREATE INDEX `scores_event_judge_idx` ON `scores` (`event_id`,`judge_id`);--> statement-breakpoint
CREATE TABLE `theory_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`registration_id` integer NOT NULL,
	`score` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `theory_scores_registration_uq` ON `theory_scores` (`registration_id`);--> statement-breakpoint
CREATE INDEX `theory_scores_event_idx` ON `theory_scores` (`event_id`);--> statement-breakpoint
CREATE TABLE `attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`enrolment_id` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `training_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_session_enrolment_uq` ON `attendance` (`session_id`,`enrolment_id`);--> statement-breakpoint
CREATE INDEX `attendance_enrolment_idx` ON `attendance` (`enrolment_id`);--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`status` text NOT NULL,
	`waitlist_seq` integer,
	`completed` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_class_worker_live_uq` ON `enrolments` (`class_id`,`worker_id`) WHERE status in ('enrolled','waitlisted');--> statement-breakpoint
CREATE INDEX `enrolments_class_status_idx` ON `enrolments` (`class_id`,`status`,`waitlist_seq`);--> statement-breakpoint
CREATE INDEX `enrolments_worker_idx` ON `enrolments` (`worker_id`);--> statement-breakpoint
CREATE TABLE `exam_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`theory` real NOT NULL,
	`practical` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exam_scores_enrolment_uq` ON `exam_scores` (`enrolment_id`);--> statement-breakpoint
CREATE TABLE `training_classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`trade_id` integer NOT NULL,
	`target_level` text NOT NULL,
	`org_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`venue` text,
	`capacity` integer NOT NULL,
	`taken` integer DEFAULT 0 NOT NULL,
	`waitlisted_count` integer DEFAULT 0 NOT NULL,
	`waitlist_seq` integer DEFAULT 0 NOT NULL,
	`enrol_opens_at` text NOT NULL,
	`enrol_closes_at` text NOT NULL,
	`first_session_at` text,
	`attendance_required` real DEFAULT 0.8 NOT NULL,
	`pass_mark` real DEFAULT 60 NOT NULL,
	`completed_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_classes_status_first_idx` ON `training_classes` (`status`,`first_session_at`);--> statement-breakpoint
CREATE INDEX `training_classes_org_first_idx` ON `training_classes` (`org_id`,`first_session_at`);--> statement-breakpoint
CREATE TABLE `training_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`check_in_token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_sessions_class_idx` ON `training_sessions` (`class_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `training_sessions_token_uq` ON `training_sessions` (`check_in_token`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`certificate_no` text NOT NULL,
	`worker_id` integer NOT NULL,
	`level` text,
	`title` text,
	`source_type` text NOT NULL,
	`event_id` integer,
	`training_class_id` integer,
	`issued_on` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`training_class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_uq` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_no_uq` ON `certificates` (`certificate_no`);--> statement-breakpoint
CREATE INDEX `certificates_worker_idx` ON `certificates` (`worker_id`);--> statement-breakpoint
CREATE TABLE `promotions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`worker_id` integer NOT NULL,
	`from_level` text,
	`to_level` text NOT NULL,
	`source_type` text NOT NULL,
	`event_id` integer,
	`training_class_id` integer,
	`org_id` integer NOT NULL,
	`trade_id` integer,
	`promoted_on` text NOT NULL,
	`year` integer NOT NULL,
	`certificate_no` text,
	`title` text,
	`became_high_skill` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`training_class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trade_id`) REFERENCES `trades`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotions_worker_event_uq` ON `promotions` (`worker_id`,`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `promotions_worker_class_uq` ON `promotions` (`worker_id`,`training_class_id`);--> statement-breakpoint
CREATE INDEX `promotions_worker_year_idx` ON `promotions` (`worker_id`,`year`);--> statement-breakpoint
CREATE INDEX `promotions_year_org_idx` ON `promotions` (`year`,`org_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`before` text,
	`after` text,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`,`id`);