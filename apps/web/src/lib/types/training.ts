/** Shapes of the training, certificate and promotion answers (apps/api/src/routes/{trainings,training-completion,promotions,certificates}.ts). */
import type { SkillLevel } from '@gongjiang/domain';
import type { Training } from './api';

export type AttendanceStatus = 'present' | 'late' | 'absent' | 'excused';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'absent', 'excused'];

export interface TrainingSession {
  id: number;
  startsAt: string;
  endsAt: string;
  /** only for organizers in scope */
  checkInToken?: string;
}

/** GET /api/trainings/:id */
export interface TrainingDetail extends Training {
  orgId: number;
  venue: string | null;
  description: string | null;
  enrolled: number;
  waitlisted: number;
  attendanceRequired: number;
  passMark: number;
  sessions: TrainingSession[];
}

/** GET /api/me/enrolments */
export interface MyEnrolment {
  id: number;
  status: 'enrolled' | 'waitlisted' | 'cancelled';
  completed: boolean | null;
  waitlistPosition: number | null;
  training: { id: number; title: string; trade: string | null; venue: string | null; status: string; enrolClosesAt: string };
  sessions: TrainingSession[];
}

/** GET /api/trainings/:id/enrolments */
export interface RosterRow {
  id: number;
  workerId: number;
  name: string;
  status: string;
  waitlistSeq: number | null;
  completed: boolean | null;
}

/** GET /api/trainings/:id/attendance */
export interface AttendanceMatrix {
  classId: number;
  status: string;
  targetLevel: SkillLevel;
  attendanceRequired: number;
  passMark: number;
  sessions: TrainingSession[];
  enrolments: {
    enrolmentId: number;
    workerId: number;
    name: string;
    skillLevel: SkillLevel | null;
    attendance: (AttendanceStatus | null)[];
    attended: number;
    theory: number | null;
    practical: number | null;
    completes: boolean;
    completed: boolean | null;
  }[];
}

/** POST /api/trainings/:id/complete */
export interface CompletionOutcome {
  enrolmentId: number;
  workerId: number;
  completed: boolean;
  certificateNo: string | null;
  promotion: { fromLevel: SkillLevel | null; toLevel: SkillLevel } | null;
}

/** POST /api/trainings/check-in */
export interface CheckInResult {
  sessionId: number;
  enrolmentId: number;
  training: { id: number; title: string };
  startsAt: string;
  endsAt: string;
  status: AttendanceStatus;
}

/** GET /api/trainings/check-in?token= — what a code is, before checking in. */
export interface CheckInPreview {
  training: { id: number; title: string; venue: string | null };
  sessionNo: number;
  startsAt: string;
  endsAt: string;
  enrolled: boolean;
  status: AttendanceStatus | null;
  window: 'open' | 'not_open' | 'closed';
}

export type SourceType = 'contest' | 'training';

/** GET /api/certificates/:code */
export interface VerifiedCertificate {
  certificateNo: string;
  holder: { name: string; residentId: string | null };
  level: SkillLevel | null;
  levelName: string | null;
  title: string | null;
  issuedOn: string;
  source: { type: SourceType; title: string; trade: string | null; organisation: string };
}

/** GET /api/me/certificates */
export interface MyCertificate {
  code: string;
  certificateNo: string;
  level: SkillLevel | null;
  title: string | null;
  issuedOn: string;
  source: { type: SourceType; id: number; title: string; trade: string | null; organisation: string };
}

/** GET /api/workers/:id/skill-history */
export interface SkillHistoryItem {
  date: string;
  fromLevel: SkillLevel | null;
  toLevel: SkillLevel;
  source: { type: SourceType; id: number | null; title: string };
  certificateNo: string | null;
  title: string | null;
}

/** GET /api/promotions */
export interface PromotionRecord extends SkillHistoryItem {
  id: number;
  workerId: number;
  name: string;
  employer: string | null;
  trade: string | null;
  becameHighSkill: boolean;
}

export type NotPromotedReason = 'not_passed' | 'not_in_plan' | 'already_promoted_this_year' | 'at_cap' | 'no_band';

/** GET /api/events/:id/promotions/preview */
export interface PromotionPreview {
  eventId: number;
  inPlan: boolean;
  tier: string;
  appliedAt: string | null;
  items: {
    workerId: number;
    name: string;
    employer: string | null;
    rank: number;
    total: number;
    passed: boolean;
    currentLevel: SkillLevel | null;
    promote: boolean;
    applied: boolean;
    fromLevel: SkillLevel | null;
    toLevel: SkillLevel | null;
    title: string | null;
    becameHighSkill: boolean;
    reason: NotPromotedReason | null;
    certificateNo: string | null;
  }[];
}

/** GET /api/events/:id — the fields the promotions page shows (which contest, which trade). */
export interface PromotionEvent {
  id: number;
  contest: { id: number; title: string };
  trade: { id: number; name: string; nameEn: string | null } | null;
}
