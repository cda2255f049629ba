DROP INDEX `scores_event_judge_idx`;--> statement-breakpoint
CREATE INDEX `scores_event_judge_idx` ON `scores` (`event_id`,`judge_id`,`registration_id`,`criterion_id`,`score`);