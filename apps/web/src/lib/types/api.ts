/** Shapes of the API responses the web app reads (docs/api-contract.md; GET /api/docs/json is the full truth). */
import type { SkillLevel } from '@gongjiang/domain';

export type Role = 'worker' | 'judge' | 'organizer' | 'admin';

export interface Trade {
  id: number;
  code: string | null;
  name: string | null;
  nameEn: string | null;
}

export interface Profile {
  idNumber: string | null;
  birthDate: string | null;
  gender: string | null;
  employerOrgId: number | null;
  employer: string | null;
  tradeId: number | null;
  trade: Trade | null;
  skillLevel: SkillLevel | null;
  certificateNo: string | null;
  unionMember: boolean;
  highSkill: boolean;
  complete: boolean;
  /** a published result, a certificate or a promotion names the worker: name and resident ID are read-only */
  identityLocked: boolean;
}

export interface Me {
  id: number;
  phone: string;
  name: string;
  roles: Role[];
  orgId: number | null;
  orgName: string | null;
  profile: Profile | null;
}

export interface Org {
  id: number;
  name: string;
  kind: 'federation' | 'district' | 'base';
  parentId: number | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Tier = 'city' | 'district' | 'enterprise';

export interface ContestEvent {
  id: number;
  trade: { id: number; name: string; nameEn: string | null };
  capacity: number;
  seatsLeft: number;
}

export interface Contest {
  id: number;
  title: string;
  tier: Tier;
  orgId: number;
  orgName: string | null;
  inPlan: boolean;
  status: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  events: ContestEvent[];
}

export interface Training {
  id: number;
  title: string;
  trade: { id: number; name: string; nameEn: string | null } | null;
  orgName: string | null;
  targetLevel: SkillLevel | null;
  capacity: number;
  seatsLeft: number;
  enrolOpensAt: string;
  enrolClosesAt: string;
  firstSessionAt: string | null;
  status: string;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: Pick<Me, 'id' | 'phone' | 'name' | 'roles' | 'orgId'>;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  /** 429: seconds to wait */
  retryAfter?: number;
  /** BAD_CODE: wrong, expired, used, voided or superseded */
  reason?: string;
}

export type RegistrationStatus = 'confirmed' | 'pending' | 'waitlisted' | 'cancelled' | 'rejected';

/** GET /api/me/registrations */
export interface MyRegistration {
  id: number;
  status: RegistrationStatus;
  waitlistPosition: number | null;
  bib: string | null;
  checkedInAt: string | null;
  reason: string | null;
  createdAt: string;
  event: { id: number; trade: { id: number; name: string; nameEn: string | null }; venue: string | null; resultsPublished: boolean };
  contest: { id: number; title: string; startsAt: string; endsAt: string; registrationClosesAt: string; venue: string | null };
  canCancel: boolean;
}

/** GET /api/judging/events (fields beyond id and title are optional until the endpoint lands) */
export interface JudgingAssignment {
  id: number;
  eventId?: number;
  title?: string;
  contest?: { id: number; title: string } | null;
  trade?: { id: number; name: string; nameEn: string | null } | null;
  chief?: boolean;
  locked?: boolean;
  startsAt?: string | null;
}
