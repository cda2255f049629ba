/**
 * Demo training classes (培训班) in every state: draft, open for enrolment, full with a waiting list,
 * under way, all sessions held and awaiting completion, completed, cancelled.
 * Days are relative to the seed's "now" (Beijing calendar days); times are Beijing time.
 */
import type { SkillLevel } from '@gongjiang/domain';
import trainings from './trainings.json' with { type: 'json' };

export interface TrainingSeed {
  title: string;
  description: string;
  trade: string;
  targetLevel: SkillLevel;
  /** owning organisation, by name */
  org: string;
  status: 'draft' | 'published' | 'completed' | 'cancelled';
  venue: string;
  capacity: number;
  /** enrolment opens 09:00 / closes 17:00, Beijing days from now */
  enrolDays: { opens: number; closes: number };
  /** `count` sessions, the first on day `first`, then every `every` days, `start`–`end` Beijing time */
  sessions: { first: number; count: number; every: number; start: string; end: string };
  enrolments?: { arrivals: number; cancels?: number; include?: readonly string[] };
}

export const TRAININGS = trainings as readonly TrainingSeed[];
