import { makeResidentId, phaseDates, type ContestPhase, type SkillLevel } from '@gongjiang/domain';
import type { TestApp } from './helper';

let seq = 0;

/** Workers with complete profiles, inserted directly (fast) and given real access tokens signed by the app. */
export async function makeWorkers(
  t: TestApp,
  n: number,
  opts: { orgId?: number; level?: SkillLevel | null; birth?: string; unionMember?: boolean; complete?: boolean } = {},
) {
  const orgId = opts.orgId ?? t.orgs.base;
  const rows = await t.database.tx(async (tx) => {
    const { users, workerProfiles } = tx.s;
    const made: number[] = [];
    for (let i = 0; i < n; i++) {
      // this worker's number, taken before any await: on PostgreSQL several makeWorkers run at once
      const k = ++seq;
      const phone = String(15000000000 + k + Math.floor(Math.random() * 1e6) * 1000);
      const [u] = await tx.orm
        .insert(users)
        .values({ phone, name: `职工${k}`, passwordHash: 'x', roles: ['worker'], orgId })
        .returning({ id: users.id });
      const complete = opts.complete !== false;
      const birth = opts.birth ?? '19900101';
      await tx.orm.insert(workerProfiles).values({
        userId: u!.id,
        idNumber: complete ? makeResidentId(String(320200 + (Math.floor(k / 999) % 99)), birth, (k % 999) + 1) : null,
        birthDate: complete ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` : null,
        employerOrgId: complete ? orgId : null,
        tradeId: complete ? t.trades.fitter : null,
        skillLevel: opts.level === undefined ? 'intermediate' : opts.level,
        unionMember: opts.unionMember ?? true,
      });
      made.push(u!.id);
    }
    return made;
  });
  return rows.map((id) => {
    const token = t.app.jwt.sign({ sub: id, roles: ['worker'], orgId, sv: 0, sid: `fixture-${id}` });
    return { id, auth: { authorization: `Bearer ${token}` } };
  });
}

export function isoIn(days: number): string {
  return new Date(Date.now() + days * 86400_000).toISOString();
}

/** The instant `m` minutes from now (negative: ago), as ISO. */
export function minutesFromNow(m: number): string {
  return new Date(Date.now() + m * 60_000).toISOString();
}

/** A published contest with one event, created through the HTTP API by an organizer. */
export async function makeContest(
  t: TestApp,
  auth: { authorization: string },
  opts: {
    orgId?: number;
    capacity?: number;
    requiresApproval?: boolean;
    opensIn?: number;
    closesIn?: number;
    event?: Record<string, unknown>;
    tier?: string;
    inPlan?: boolean;
    publish?: boolean;
  } = {},
) {
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/contests',
    headers: auth,
    payload: {
      title: '第九届无锡市职工技能大赛',
      tier: opts.tier ?? 'city',
      orgId: opts.orgId ?? t.orgs.district,
      inPlan: opts.inPlan ?? true,
      registrationOpensAt: isoIn(opts.opensIn ?? -1),
      registrationClosesAt: isoIn(opts.closesIn ?? 10),
      startsAt: isoIn(20),
      endsAt: isoIn(21),
    },
  });
  if (c.statusCode !== 201) throw new Error(`contest: ${c.body}`);
  const contestId = c.json().id as number;
  const e = await t.app.inject({
    method: 'POST',
    url: `/api/contests/${contestId}/events`,
    headers: auth,
    payload: {
      tradeId: t.trades.fitter,
      capacity: opts.capacity ?? 50,
      requiresApproval: opts.requiresApproval ?? false,
      targetLevel: 'senior',
      ...opts.event,
    },
  });
  if (e.statusCode !== 201) throw new Error(`event: ${e.body}`);
  if (opts.publish !== false) {
    const p = await t.app.inject({ method: 'POST', url: `/api/contests/${contestId}/publish`, headers: auth });
    if (p.statusCode !== 200) throw new Error(`publish: ${p.body}`);
  }
  return { contestId, eventId: e.json().id as number, event: e.json() };
}

/**
 * Moves a contest through time honestly, as its organizer would: PATCH /api/contests/:id sets its dates so that the
 * phase has begun now (packages/domain phaseDates). The TOO_EARLY guards see real dates; nothing skips them.
 */
export async function moveContestTo(t: TestApp, auth: { authorization: string }, contestId: number, phase: ContestPhase) {
  const r = await t.app.inject({ method: 'PATCH', url: `/api/contests/${contestId}`, headers: auth, payload: phaseDates(phase) });
  if (r.statusCode !== 200) throw new Error(`move contest ${contestId} to ${phase}: ${r.statusCode} ${r.body}`);
}
