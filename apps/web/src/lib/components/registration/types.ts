/** Shapes of the registration API answers the registration pages read (api-contract.md § Contests and events, § Registrations). */
import type { SkillLevel } from '@gongjiang/domain';
import type { Contest, RegistrationStatus } from '$lib/types/api';

export interface EventRules {
  minLevel: SkillLevel | null;
  maxLevel: SkillLevel | null;
  minAge: number | null;
  maxAge: number | null;
  unionMemberOnly: boolean;
}

/** GET /api/contests/:id → events[] */
export interface DetailEvent {
  id: number;
  trade: { id: number; name: string; nameEn: string | null } | null;
  targetLevel: SkillLevel | null;
  capacity: number;
  confirmed: number;
  pending: number;
  waitlisted: number;
  seatsLeft: number;
  requiresApproval: boolean;
  venue: string | null;
  eligibility: EventRules;
  drawn: boolean;
}

/** GET /api/contests/:id */
export interface ContestDetail extends Omit<Contest, 'events'> {
  description: string | null;
  events: DetailEvent[];
}

/** GET /api/events/:id — the desk's header */
export interface DeskEvent {
  id: number;
  contest: {
    id: number;
    title: string;
    status: string;
    registrationOpensAt: string;
    registrationClosesAt: string;
    startsAt: string;
    endsAt: string;
    venue: string | null;
  };
  trade: { id: number; name: string; nameEn: string | null } | null;
  capacity: number;
  confirmed: number;
  pending: number;
  waitlisted: number;
  seatsLeft: number;
  requiresApproval: boolean;
  venue: string | null;
  drawSeed: string | null;
  drawnAt: string | null;
}

/** GET /api/events/:id/registrations → items[] (resident IDs and phones masked) */
export interface DeskRegistration {
  id: number;
  workerId: number;
  name: string;
  phone: string;
  idNumber: string | null;
  employer: string | null;
  skillLevel: SkillLevel | null;
  status: RegistrationStatus;
  waitlistPosition: number | null;
  bib: string | null;
  checkedInAt: string | null;
  reason: string | null;
  createdAt: string;
}

/** GET /api/events/:id/check-ins */
export interface CheckedIn {
  registrationId: number;
  bib: string | null;
  name: string;
  checkedInAt: string | null;
}

/** POST /api/registrations/check-in */
export interface CheckInResult {
  registrationId: number;
  bib: string | null;
  name: string;
  event: { id: number; contest: string; trade: string };
  checkedInAt: string;
}

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled'];
export const LIVE_STATUSES: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];
