/** Audit trail labels: every action and entity the API records (apps/api/src … audit.record), in the reader's language. */
import type { AuditEntry } from '@gongjiang/contract';
import { isRole, SKILL_LEVELS, isContestTier, type SkillLevel } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { formatInstant, roleName, skillLevelName, tierName } from '$lib/i18n';

const ACTIONS: Record<string, () => string> = {
  'contest.create': m.audit_action_contest_create,
  'contest.update': m.audit_action_contest_update,
  'contest.publish': m.audit_action_contest_publish,
  'contest.cancel': m.audit_action_contest_cancel,
  'event.create': m.audit_action_event_create,
  'event.update': m.audit_action_event_update,
  'event.draw': m.audit_action_event_draw,
  'event.quotas': m.nom_audit_quotas,
  'registration.nominate': m.nom_audit_nominate,
  'event.draw_late': m.audit_action_event_draw_late,
  'event.promotions_apply': m.audit_action_event_promotions_apply,
  'event.advance': m.st_audit_event_advance,
  'registration.create': m.audit_action_registration_create,
  'registration.cancel': m.audit_action_registration_cancel,
  'registration.approve': m.audit_action_registration_approve,
  'registration.reject': m.audit_action_registration_reject,
  'registration.promoted_from_waitlist': m.audit_action_registration_promoted_from_waitlist,
  'registration.check_in': m.audit_action_registration_check_in,
  'registration.advance': m.st_audit_registration_advance,
  'judge.assign': m.audit_action_judge_assign,
  'judge.remove': m.audit_action_judge_remove,
  'judge.demote_chief': m.audit_action_judge_demote_chief,
  'score.set': m.audit_action_score_set,
  'score.clear': m.audit_action_score_clear,
  'sheet.submit': m.audit_action_sheet_submit,
  'sheet.unlock': m.audit_action_sheet_unlock,
  'theory_score.set': m.audit_action_theory_score_set,
  'results.publish': m.audit_action_results_publish,
  'promotion.create': m.audit_action_promotion_create,
  'profile.skill_level': m.audit_action_profile_skill_level,
  'training.create': m.audit_action_training_create,
  'training.attendance': m.audit_action_training_attendance,
  'training.check_in': m.audit_action_training_check_in,
  'training.exam_scores': m.audit_action_training_exam_scores,
  'training.complete': m.audit_action_training_complete,
  'enrolment.create': m.audit_action_enrolment_create,
  'enrolment.cancel': m.audit_action_enrolment_cancel,
  'enrolment.promoted_from_waitlist': m.audit_action_enrolment_promoted_from_waitlist,
  'user.create': m.audit_action_user_create,
  'user.update': m.audit_action_user_update,
  'user.logout_all': m.audit_action_user_logout_all,
  'user.password_change': m.audit_action_user_password_change,
  'user.password_reset': m.audit_action_user_password_reset,
  'user.reset_code': m.audit_action_user_reset_code,
  'worker.identity_correct': m.audit_action_worker_identity_correct,
  'org.create': m.audit_action_org_create,
  'trade.create': m.audit_action_trade_create,
  // member rosters (issue 16 item 2)
  'roster.import': m.audit_action_roster_import,
  'worker.roster_update': m.audit_action_worker_roster_update,
  'user.claim': m.audit_action_user_claim,
  'appeal.file': m.audit_action_appeal_file,
  'appeal.decide': m.audit_action_appeal_decide,
  'results.withdraw': m.audit_action_results_withdraw,
};

const ENTITIES: Record<string, () => string> = {
  organisation: m.audit_entity_organisation,
  user: m.audit_entity_user,
  contest: m.audit_entity_contest,
  event: m.audit_entity_event,
  registration: m.audit_entity_registration,
  score: m.audit_entity_score,
  theory_score: m.audit_entity_theory_score,
  training: m.audit_entity_training,
  training_session: m.audit_entity_training_session,
  enrolment: m.audit_entity_enrolment,
  promotion: m.audit_entity_promotion,
  trade: m.audit_entity_trade,
  appeal: m.audit_entity_appeal,
};

export const AUDIT_ENTITIES = Object.keys(ENTITIES);

/** Field names of the recorded values that a reader meets most, in their language (others keep the API's name). */
const FIELDS: Record<string, () => string> = {
  status: m.audit_field_status,
  venue: m.audit_field_venue,
  capacity: m.audit_field_capacity,
  title: m.audit_field_title,
  name: m.audit_field_name,
  phone: m.audit_field_phone,
  roles: m.audit_field_roles,
  orgId: m.audit_field_orgId,
  score: m.audit_field_score,
  bib: m.audit_field_bib,
  criterionId: m.audit_field_criterionId,
  eventId: m.audit_field_eventId,
  skillLevel: m.audit_field_skillLevel,
  certificateNo: m.audit_field_certificateNo,
  waitlistSeq: m.audit_field_waitlistSeq,
  checkedInAt: m.audit_field_checkedInAt,
  seed: m.audit_field_seed,
  assignments: m.audit_field_assignments,
  bibs: m.audit_field_bibs,
  description: m.audit_field_description,
  tier: m.audit_field_tier,
  inPlan: m.audit_field_inPlan,
  registrationOpensAt: m.audit_field_registrationOpensAt,
  registrationClosesAt: m.audit_field_registrationClosesAt,
  startsAt: m.audit_field_startsAt,
  endsAt: m.audit_field_endsAt,
  locked: m.audit_field_locked,
  theory: m.audit_field_theory,
  practical: m.audit_field_practical,
  fromLevel: m.audit_field_fromLevel,
  toLevel: m.audit_field_toLevel,
  targetLevel: m.audit_field_targetLevel,
  requiresApproval: m.audit_field_requiresApproval,
};

export const fieldLabel = (key: string): string => FIELDS[key]?.() ?? key;

export const actionLabel = (action: string): string => ACTIONS[action]?.() ?? action;
export const entityLabel = (entity: string): string => ENTITIES[entity]?.() ?? entity;

export type { AuditEntry };

export interface ChangeRow {
  key: string;
  before: string | null;
  after: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Recorded words a reader meets as values (statuses of registrations, contests, classes, enrolments and attendance;
 * awards), in their language. Anything not listed stays as recorded.
 */
const VALUE_NAMES: Record<string, () => string> = {
  pending: m.reg_status_pending,
  confirmed: m.reg_status_confirmed,
  waitlisted: m.reg_status_waitlisted,
  cancelled: m.reg_status_cancelled,
  rejected: m.reg_status_rejected,
  draft: m.cm_status_draft,
  published: m.cm_status_published,
  completed: m.training_status_completed,
  enrolled: m.training_my_enrolled,
  present: m.training_att_present,
  late: m.training_att_late,
  absent: m.training_att_absent,
  excused: m.training_att_excused,
  first: m.results_award_first,
  second: m.results_award_second,
  third: m.results_award_third,
  excellence: m.results_award_excellence,
};
const LEVEL_FIELDS = new Set(['skillLevel', 'fromLevel', 'toLevel', 'targetLevel', 'minLevel', 'maxLevel', 'capLevel', 'currentLevel', 'level']);
const WORD_FIELDS = new Set(['status', 'award', 'decision']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A value as one line, in the reader's language where it is a known word: statuses and awards, skill levels, tiers,
 * roles, yes/no, and instants in Beijing time (never UTC ISO); other text as is, numbers printed, anything else as
 * compact JSON. `key` is the field the value was recorded under ('' for a whole value).
 */
export function showValue(v: unknown, key = ''): string | null {
  if (v === undefined) return null;
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? m.audit_value_yes() : m.audit_value_no();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (LEVEL_FIELDS.has(key) && (SKILL_LEVELS as readonly string[]).includes(v)) return skillLevelName(v as SkillLevel);
    if (key === 'tier' && isContestTier(v)) return tierName(v);
    if (WORD_FIELDS.has(key) && VALUE_NAMES[v]) return VALUE_NAMES[v]();
    if (INSTANT.test(v)) return formatInstant(v);
    return v;
  }
  if (key === 'roles' && Array.isArray(v) && v.every(isRole)) return v.map(roleName).join('、');
  return JSON.stringify(v);
}

/**
 * What an entry changed, field by field. Two objects: the fields the new value names, where they differ (many
 * entries record the whole old row and only the changed part after). One object: all of its fields (a creation or
 * a removal). Anything else: the whole before and after as one row.
 */
export function changeRows(before: unknown, after: unknown): ChangeRow[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = Object.keys(after).length ? Object.keys(after) : Object.keys(before);
    return keys
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => ({ key: k, before: showValue(before[k], k) ?? '—', after: showValue(after[k], k) ?? '—' }));
  }
  if (isRecord(after) && before == null) return Object.entries(after).map(([k, v]) => ({ key: k, before: null, after: showValue(v, k) }));
  if (isRecord(before) && after == null) return Object.entries(before).map(([k, v]) => ({ key: k, before: showValue(v, k), after: null }));
  if (before == null && after == null) return [];
  return [{ key: '', before: before == null ? null : showValue(before), after: after == null ? null : showValue(after) }];
}

/** The event an entry is about, when it names one (marks and sheets carry it in their values). */
function eventOf(e: AuditEntry): number | null {
  if (e.entity === 'event') return e.entityId;
  for (const v of [e.after, e.before]) if (isRecord(v) && typeof v.eventId === 'number') return v.eventId;
  return null;
}

/** Where the thing an entry is about can be opened in the manage area (null: nowhere of its own). */
export function entryLink(e: AuditEntry): string | null {
  if (e.entity === 'contest' && e.entityId) return `/manage/contests/${e.entityId}`;
  if (e.entity === 'training' && e.entityId) return `/manage/trainings/${e.entityId}`;
  const event = eventOf(e);
  return event ? `/manage/events/${event}/registrations` : null;
}
