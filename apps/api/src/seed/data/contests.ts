/**
 * Demo contests (技能大赛 / 劳动竞赛), each in a different state so every screen has something to show.
 * Days are relative to the seed's "now" (Beijing calendar days); times are Beijing time.
 * Organisations and trades are named; registrations are generated from the demo workforce.
 */
import type { Aggregation, ContestTier, SkillLevel } from '@gongjiang/domain';
import contests from './contests.json' with { type: 'json' };

export interface RegistrationPlan {
  /** how many workers register, in arrival order (capped by who is eligible) */
  arrivals: number;
  /** live registrations later cancelled by the worker (a freed seat goes to the first waitlisted) */
  cancels?: number;
  /** pending registrations rejected by the organizer (approval events) */
  rejects?: number;
  /** share of the remaining pending registrations the organizer has approved */
  approvedShare?: number;
  /** every registration ends cancelled (the contest was cancelled) */
  cancelAll?: boolean;
  /** demo accounts (phones) who registered early on */
  include?: readonly string[];
}

export interface EventSeed {
  trade: string;
  capacity: number;
  /** defaults to the tier's: city technician, district senior, enterprise intermediate */
  targetLevel?: SkillLevel;
  requiresApproval?: boolean;
  eligibility: { minLevel?: SkillLevel; maxLevel?: SkillLevel; minAge?: number; maxAge?: number; unionMemberOnly?: boolean };
  aggregation?: Aggregation;
  venue?: string;
  registrations?: RegistrationPlan;
  /** judge accounts (phones) assigned to the event */
  judges?: readonly { phone: string; chief?: boolean }[];
}

export interface ContestSeed {
  /** `{year}` is replaced by the (Beijing) year the contest starts */
  title: string;
  description: string;
  tier: ContestTier;
  /** owning organisation, by name */
  org: string;
  inPlan: boolean;
  status: 'draft' | 'published' | 'cancelled';
  venue: string;
  /** Beijing calendar days from now: registration opens 09:00, closes 17:00; contest starts 08:30, ends 17:30 */
  days: { opens: number; closes: number; starts: number; ends: number };
  events: readonly EventSeed[];
}

export const CONTESTS = contests as readonly ContestSeed[];
