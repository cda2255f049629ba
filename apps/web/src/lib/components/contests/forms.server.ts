/**
 * Form data ↔ API bodies for the organizer's contest and event forms. The forms post plain fields
 * (repeated names for the criteria and promotion rows) so they work without JavaScript; empty rows are ignored.
 */
import {
  AGGREGATIONS,
  CONTEST_TIERS as TIERS,
  CRITERION_KINDS as KINDS,
  isSkillLevel,
  qualifyRuleProblem,
  REGISTRATION_MODES,
  type SkillLevel,
} from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { fail } from '@sveltejs/kit';
import { ApiError, fieldOf } from '$lib/server/api';
import { refusal, refusalStatus, text, type FieldErrors } from '$lib/server/forms';
import type { ContestFormValues, CriterionValues, EventValues, RuleValues } from '$lib/components/contests/values';
import { fromShanghaiInput } from './datetime';

export const CONTEST_DATES = ['registrationOpensAt', 'registrationClosesAt', 'startsAt', 'endsAt'] as const;

export type ContestValues = ContestFormValues;

export function contestValues(data: FormData): ContestValues {
  return {
    title: text(data, 'title'),
    description: text(data, 'description'),
    tier: text(data, 'tier'),
    orgId: text(data, 'orgId'),
    inPlan: data.get('inPlan') === 'on',
    venue: text(data, 'venue'),
    registrationOpensAt: text(data, 'registrationOpensAt'),
    registrationClosesAt: text(data, 'registrationClosesAt'),
    startsAt: text(data, 'startsAt'),
    endsAt: text(data, 'endsAt'),
  };
}

/** The POST/PATCH /api/contests body, or the fields that are wrong. */
export function contestBody(v: ContestValues) {
  const errors: FieldErrors = {};
  if (!v.title) errors.title = m.cm_err_title_required();
  const tier = TIERS.find((t) => t === v.tier);
  if (!tier) errors.tier = m.cm_err_choose();
  const orgId = Number(v.orgId);
  if (!Number.isInteger(orgId) || orgId <= 0) errors.orgId = m.cm_err_choose();
  const dates: Partial<Record<(typeof CONTEST_DATES)[number], string>> = {};
  for (const f of CONTEST_DATES) {
    const iso = fromShanghaiInput(v[f]);
    if (iso) dates[f] = iso;
    else errors[f] = m.cm_err_date();
  }
  const body = {
    title: v.title,
    description: v.description || null,
    tier: tier ?? 'city', // only sent when the form has no errors
    orgId,
    inPlan: v.inPlan,
    venue: v.venue || null,
    ...(dates as Record<(typeof CONTEST_DATES)[number], string>),
  };
  return { body, errors };
}

export type { CriterionValues, RuleValues, EventValues };

const all = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));

export function eventValues(data: FormData): EventValues {
  const names = all(data, 'criterionName');
  const maxima = all(data, 'criterionMax');
  const kinds = all(data, 'criterionKind');
  const from = all(data, 'ruleFrom');
  const to = all(data, 'ruleTo');
  const pct = all(data, 'rulePercent');
  const target = all(data, 'ruleTarget');
  const cap = all(data, 'ruleCap');
  const title = all(data, 'ruleTitle');
  const qualifyModes = all(data, 'qualifyMode');
  const qualifyValues = all(data, 'qualifyValue');
  return {
    tradeId: text(data, 'tradeId'),
    capacity: text(data, 'capacity'),
    targetLevel: text(data, 'targetLevel'),
    requiresApproval: data.get('requiresApproval') === 'on',
    registrationMode: text(data, 'registrationMode'),
    venue: text(data, 'eventVenue'),
    minLevel: text(data, 'minLevel'),
    maxLevel: text(data, 'maxLevel'),
    minAge: text(data, 'minAge'),
    maxAge: text(data, 'maxAge'),
    unionMemberOnly: data.get('unionMemberOnly') === 'on',
    theoryWeight: text(data, 'theoryWeight'),
    practicalWeight: text(data, 'practicalWeight'),
    aggregation: text(data, 'aggregation'),
    passMark: text(data, 'passMark'),
    awards: {
      mode: text(data, 'awardMode'),
      first: text(data, 'awardFirst'),
      second: text(data, 'awardSecond'),
      third: text(data, 'awardThird'),
    },
    criteria: names.map((name, i) => ({ name, maxScore: maxima[i] ?? '', kind: kinds[i] ?? 'score' })),
    rules: target.map((targetLevel, i) => ({
      fromRank: from[i] ?? '',
      toRank: to[i] ?? '',
      topPercent: pct[i] ?? '',
      targetLevel,
      capLevel: cap[i] ?? '',
      title: title[i] ?? '',
    })),
    stages: all(data, 'qualifyEvent').map((eventId, i) => ({ eventId, mode: qualifyModes[i] ?? 'topN', value: qualifyValues[i] ?? '' })),
  };
}

/** A final's `qualifiesFrom` from its form rows (rows without an event are ignored); the rule is the domain's. */
function qualifiesFromOf(rows: EventValues['stages']) {
  const chosen = rows.filter((r) => r.eventId);
  const qualifiesFrom = chosen.map((r) => {
    const eventId = Number(r.eventId);
    const n = r.value === '' ? null : Number(r.value);
    return r.mode === 'topPercent' ? { eventId, topPercent: n ?? undefined } : { eventId, topN: n ?? undefined };
  });
  const bad = qualifiesFrom.some((q) => !Number.isInteger(q.eventId) || q.eventId <= 0 || qualifyRuleProblem(q) !== null);
  const twice = new Set(qualifiesFrom.map((q) => q.eventId)).size !== qualifiesFrom.length;
  return { qualifiesFrom, error: bad ? m.st_err_row() : twice ? m.st_err_twice() : null };
}

const num = (s: string): number | null => (s === '' ? null : Number(s));
const level = (s: string): SkillLevel | null => (isSkillLevel(s) ? s : null);

/** The POST /api/contests/:id/events body, or the fields that are wrong (checked here first, the API checks again). */
export function eventBody(v: EventValues) {
  const errors: FieldErrors = {};
  const tradeId = Number(v.tradeId);
  if (!Number.isInteger(tradeId) || tradeId <= 0) errors.tradeId = m.cm_err_choose();
  const capacity = Number(v.capacity);
  if (!v.capacity || !Number.isInteger(capacity) || capacity < 1) errors.capacity = m.cm_err_capacity();
  const minAge = num(v.minAge);
  const maxAge = num(v.maxAge);
  for (const [f, a] of [
    ['minAge', minAge],
    ['maxAge', maxAge],
  ] as const) {
    if (a != null && !(Number.isInteger(a) && a >= 16 && a <= 80)) errors[f] = m.cm_err_age();
  }
  const theory = Number(v.theoryWeight || '30');
  const practical = Number(v.practicalWeight || '70');
  if (!Number.isFinite(theory) || !Number.isFinite(practical) || theory < 0 || practical < 0 || Math.abs(theory + practical - 100) > 1e-9) {
    errors.theoryWeight = m.cm_err_weights();
  }
  const passMark = Number(v.passMark || '60');
  if (!Number.isFinite(passMark) || passMark < 0 || passMark > 100) errors.passMark = m.cm_err_pass_mark();
  const awardMode: 'percent' | 'count' = v.awards.mode === 'percent' ? 'percent' : 'count';
  const quotas = [v.awards.first, v.awards.second, v.awards.third].map((q) => Number(q || '0'));
  if (quotas.some((q) => !Number.isFinite(q) || q < 0 || (awardMode === 'count' && !Number.isInteger(q))))
    errors.awards = m.cm_err_awards();
  else if (awardMode === 'percent' && quotas.reduce((a, b) => a + b, 0) > 100) errors.awards = m.cm_err_awards_percent();

  const criteria = v.criteria
    .filter((c) => c.name || c.maxScore)
    .map((c) => ({
      name: c.name,
      maxScore: Number(c.maxScore),
      kind: KINDS.find((k) => k === c.kind) ?? 'score',
    }));
  if (!criteria.length) errors.criteria = m.cm_err_criteria_empty();
  else if (criteria.some((c) => !c.name || !Number.isFinite(c.maxScore) || c.maxScore <= 0)) errors.criteria = m.cm_err_criteria_row();
  else {
    const sum = criteria.reduce((s, c) => s + c.maxScore, 0);
    if (Math.abs(sum - 100) > 1e-9) errors.criteria = m.cm_err_criteria_sum({ sum: Number(sum.toFixed(2)) });
  }

  const rows = v.rules
    .filter((r) => r.targetLevel)
    .map((r) => ({
      fromRank: num(r.fromRank),
      toRank: num(r.toRank),
      topPercent: num(r.topPercent),
      targetLevel: level(r.targetLevel),
      capLevel: level(r.capLevel) ?? level(r.targetLevel),
      title: r.title || null,
    }));
  if (rows.some((r) => !r.targetLevel || [r.fromRank, r.toRank, r.topPercent].some((n) => n != null && !Number.isFinite(n)))) {
    errors.promotionRules = m.cm_err_rule_row();
  }
  // (a row without a level is an error above: the body is not sent then)
  const rules = rows.flatMap(({ targetLevel, capLevel, ...r }) =>
    targetLevel ? [{ ...r, targetLevel, capLevel: capLevel ?? targetLevel }] : [],
  );

  const stages = qualifiesFromOf(v.stages);
  if (stages.error) errors.qualifiesFrom = stages.error;

  const body = {
    tradeId,
    capacity,
    targetLevel: level(v.targetLevel),
    requiresApproval: v.requiresApproval,
    registrationMode: REGISTRATION_MODES.find((x) => x === v.registrationMode) ?? 'open',
    venue: v.venue || null,
    eligibility: { minLevel: level(v.minLevel), maxLevel: level(v.maxLevel), minAge, maxAge, unionMemberOnly: v.unionMemberOnly },
    scoring: {
      theoryWeight: Number((theory / 100).toFixed(4)),
      practicalWeight: Number((practical / 100).toFixed(4)),
      aggregation: AGGREGATIONS.find((a) => a === v.aggregation) ?? 'mean',
      passMark,
      awards: { mode: awardMode, first: quotas[0]!, second: quotas[1]!, third: quotas[2]! },
      criteria,
    },
    promotionRules: rules,
    qualifiesFrom: stages.qualifiesFrom,
  };
  return { body, errors };
}

/** The form field a 400 VALIDATION is about: the API names the input in `fields` (its JSON path). */
export function fieldOfValidation(e: ApiError, paths: Record<string, string>): string | null {
  const hit = fieldOf(e, Object.keys(paths));
  return hit ? (paths[hit.name] ?? null) : null;
}

/**
 * The rules a person can trip over get a sentence in the page's language, chosen by the input and the stable code the
 * API gives in `fields`; anything else keeps the API's message.
 */
function describe(e: ApiError, values: unknown): string {
  for (const f of e.fields) {
    const at = f.field.replace(/\.\d+(?=\.|$)/g, '.*');
    if (f.code === 'order') {
      if (at === 'registrationClosesAt') return m.cm_err_reg_order();
      if (at === 'startsAt') return m.cm_err_start_order();
      if (at === 'endsAt') return m.cm_err_end_order();
      if (at === 'eligibility.maxLevel') return m.cm_err_level_order();
      if (at === 'eligibility.maxAge') return m.cm_err_age_order();
    }
    if (at === 'scoring.criteria' && f.code === 'sum') {
      // the one figure the sentence needs: the sum of the maximum scores the form sent
      const sum = criteriaSum(values);
      return sum === null ? f.message : m.cm_err_criteria_sum({ sum });
    }
    if (at === 'scoring.criteria.*.maxScore' && f.code === 'step') return m.cm_err_criteria_half();
    if (at === 'scoring.theoryWeight' && f.code === 'sum') return m.cm_err_weights();
    if (at === 'eligibility.minAge' || at === 'eligibility.maxAge') return m.cm_err_age();
    if (at === 'capacity') return m.cm_err_capacity();
    if (at.startsWith('promotionRules')) return m.cm_err_rule_row();
    if (at === 'qualifiesFrom.*.eventId') return f.code === 'unknown_ref' ? m.st_err_unknown() : m.st_err_twice();
    if (at.startsWith('qualifiesFrom')) return m.st_err_row();
  }
  return e.message;
}

/** The sum of the criteria's maximum scores in event form values (as eventBody sends them), or null for other forms. */
function criteriaSum(values: unknown): number | null {
  if (!values || typeof values !== 'object' || !('criteria' in values) || !Array.isArray(values.criteria)) return null;
  const criteria: CriterionValues[] = values.criteria;
  const sum = criteria.filter((c) => c.name || c.maxScore).reduce((s, c) => s + Number(c.maxScore), 0);
  return Number.isFinite(sum) ? Number(sum.toFixed(2)) : null;
}

/**
 * An API refusal as a form failure: the message goes next to the field it is about (VALIDATION paths,
 * an out-of-scope owner, a duplicate trade); otherwise it is shown above the form. The typed values are kept.
 */
export function failWithApiError<V>(e: unknown, values: V, paths: Record<string, string>) {
  if (!(e instanceof ApiError)) throw e;
  let field = fieldOfValidation(e, paths);
  let message = describe(e, values);
  // a contest form names one thing that can be unknown or out of the organizer's scope: its owner (the contest itself
  // was just loaded in scope); a 404 carries no field, so it is placed by the form, not by the API's words
  if (e.code === 'NOT_FOUND' && 'orgId' in paths) {
    field = 'orgId';
    message = m.cm_err_org_scope();
  }
  // editing an event: the seats already taken are a limit of the capacity field
  if (e.code === 'CAPACITY_BELOW_TAKEN') field = 'capacity';
  if (e.code === 'EVENT_EXISTS') {
    field = 'tradeId';
    message = m.cm_err_event_exists();
  }
  return fail(refusalStatus(e), { ...refusal(field, message), code: e.code, values });
}

export const CONTEST_PATHS: Record<string, string> = {
  title: 'title',
  tier: 'tier',
  orgId: 'orgId',
  venue: 'venue',
  registrationOpensAt: 'registrationOpensAt',
  registrationClosesAt: 'registrationClosesAt',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
};

export const EVENT_PATHS: Record<string, string> = {
  tradeId: 'tradeId',
  capacity: 'capacity',
  targetLevel: 'targetLevel',
  venue: 'eventVenue',
  'eligibility.minLevel': 'minLevel',
  'eligibility.maxLevel': 'maxLevel',
  'eligibility.minAge': 'minAge',
  'eligibility.maxAge': 'maxAge',
  'scoring.theoryWeight': 'theoryWeight',
  'scoring.practicalWeight': 'theoryWeight',
  'scoring.passMark': 'passMark',
  'scoring.awards': 'awards',
  'scoring.criteria': 'criteria',
  promotionRules: 'promotionRules',
  qualifiesFrom: 'qualifiesFrom',
};
