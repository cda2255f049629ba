import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  checkEligibility,
  levelOrder,
  registrationWindowState,
  SKILL_LEVELS,
  type EligibilityProfile,
  type EligibilityRules,
  type SkillLevel,
} from '../src/index';

const CONTEST_DAY = '2026-05-01';
const worker = (over: Partial<EligibilityProfile> = {}): EligibilityProfile => ({
  skillLevel: 'intermediate',
  birthDate: '1990-05-01',
  unionMember: true,
  complete: true,
  ...over,
});
const rules = (over: Partial<EligibilityRules> = {}): EligibilityRules => ({
  minLevel: null,
  maxLevel: null,
  minAge: null,
  maxAge: null,
  unionMemberOnly: false,
  ...over,
});
const check = (profile: EligibilityProfile, r: EligibilityRules, on: Date | string = CONTEST_DAY) =>
  checkEligibility({ profile, rules: r, on });

describe('checkEligibility (domain.md § Contests: eligibility)', () => {
  it('admits a complete profile when there are no rules', () => {
    expect(check(worker(), rules())).toEqual({ ok: true });
  });

  it('refuses an incomplete profile before anything else', () => {
    expect(check(worker({ complete: false, unionMember: false }), rules({ unionMemberOnly: true }))).toEqual({
      ok: false,
      code: 'PROFILE_INCOMPLETE',
      rule: 'profile',
    });
  });

  it('treats a missing birth date as incomplete only when an age rule applies', () => {
    expect(check(worker({ birthDate: null }), rules({ maxAge: 35 }))).toMatchObject({ code: 'PROFILE_INCOMPLETE' });
    expect(check(worker({ birthDate: null }), rules())).toEqual({ ok: true });
  });

  it('checks the level range inclusively', () => {
    const r = rules({ minLevel: 'intermediate', maxLevel: 'senior' });
    expect(check(worker({ skillLevel: 'junior' }), r)).toEqual({ ok: false, code: 'NOT_ELIGIBLE', rule: 'level_below' });
    expect(check(worker({ skillLevel: 'intermediate' }), r)).toEqual({ ok: true });
    expect(check(worker({ skillLevel: 'senior' }), r)).toEqual({ ok: true });
    expect(check(worker({ skillLevel: 'technician' }), r)).toEqual({ ok: false, code: 'NOT_ELIGIBLE', rule: 'level_above' });
  });

  it('counts no certificate (null) as below any minimum and never above a maximum', () => {
    expect(check(worker({ skillLevel: null }), rules({ minLevel: 'apprentice' }))).toMatchObject({ rule: 'level_below' });
    expect(check(worker({ skillLevel: null }), rules({ maxLevel: 'apprentice' }))).toEqual({ ok: true });
  });

  it('computes age on the contest date, birthday inclusive', () => {
    // Born 1990-05-01: 36 on the contest day, 35 the day before.
    expect(check(worker(), rules({ maxAge: 35 }))).toEqual({ ok: false, code: 'NOT_ELIGIBLE', rule: 'age_above' });
    expect(check(worker(), rules({ maxAge: 35 }), '2026-04-30')).toEqual({ ok: true });
    expect(check(worker(), rules({ maxAge: 36 }))).toEqual({ ok: true });
    expect(check(worker({ birthDate: '2008-05-02' }), rules({ minAge: 18 }))).toMatchObject({ rule: 'age_below' });
    expect(check(worker({ birthDate: '2008-05-01' }), rules({ minAge: 18 }))).toEqual({ ok: true });
  });

  it('reads a contest start instant as its Beijing date', () => {
    const startsAt = new Date('2026-05-01T00:00:00+08:00');
    expect(check(worker({ birthDate: '2008-05-01' }), rules({ minAge: 18 }), startsAt)).toEqual({ ok: true });
  });

  it('requires union membership only when the event says so', () => {
    expect(check(worker({ unionMember: false }), rules({ unionMemberOnly: true }))).toEqual({
      ok: false,
      code: 'NOT_ELIGIBLE',
      rule: 'not_union_member',
    });
    expect(check(worker({ unionMember: false }), rules())).toEqual({ ok: true });
  });

  it('accepts rules with constraints left out', () => {
    expect(checkEligibility({ profile: worker(), rules: {}, on: CONTEST_DAY })).toEqual({ ok: true });
  });

  it('property: ok exactly when every rule holds', () => {
    const level = fc.constantFrom<SkillLevel | null>(null, ...SKILL_LEVELS);
    const optLevel = fc.option(fc.constantFrom<SkillLevel>(...SKILL_LEVELS), { nil: null });
    const optAge = fc.option(fc.integer({ min: 16, max: 65 }), { nil: null });
    const birth = fc
      .date({ min: new Date('1955-01-01T00:00:00Z'), max: new Date('2012-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        level,
        birth,
        fc.boolean(),
        optLevel,
        optLevel,
        optAge,
        optAge,
        fc.boolean(),
        (lv, b, member, minL, maxL, minA, maxA, only) => {
          const r = rules({ minLevel: minL, maxLevel: maxL, minAge: minA, maxAge: maxA, unionMemberOnly: only });
          const age = ageOn(b, CONTEST_DAY);
          const expected =
            (minL === null || levelOrder(lv) >= levelOrder(minL)) &&
            (maxL === null || levelOrder(lv) <= levelOrder(maxL)) &&
            (minA === null || age >= minA) &&
            (maxA === null || age <= maxA) &&
            (!only || member);
          expect(check(worker({ skillLevel: lv, birthDate: b, unionMember: member }), r).ok).toBe(expected);
        },
      ),
    );
  });
});

describe('registrationWindowState (domain.md § Contests: "inside the window only")', () => {
  const opens = '2026-04-01T09:00:00+08:00';
  const closes = '2026-04-15T17:00:00+08:00';

  it('is not_open before, open from opensAt, closed from closesAt', () => {
    expect(registrationWindowState(opens, closes, '2026-04-01T08:59:59+08:00')).toBe('not_open');
    expect(registrationWindowState(opens, closes, '2026-04-01T09:00:00+08:00')).toBe('open');
    expect(registrationWindowState(opens, closes, '2026-04-15T16:59:59+08:00')).toBe('open');
    expect(registrationWindowState(opens, closes, '2026-04-15T17:00:00+08:00')).toBe('closed');
  });

  it('accepts Date objects', () => {
    expect(registrationWindowState(new Date(opens), new Date(closes), new Date('2026-04-10T00:00:00Z'))).toBe('open');
  });
});
