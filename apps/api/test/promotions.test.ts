import ExcelJS from 'exceljs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { beijingDate, beijingYear, type SkillLevel } from '@gongjiang/domain';
import { PROMOTION_EXPORT_HEADER } from '../src/services/promotions';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { queryPlan, scansWhole } from './support/plan';
import { levelOf as levelOfWorker, publishResults, setLevel } from './support/rows';

const t = await buildTestApp();
const { app, database } = t;
const { auditLog, certificates, events, promotions, users, workerProfiles } = database.read.s;
const orm = database.read.orm;
const organizer = await t.user(['organizer'], t.orgs.district);
const cityOrganizer = await t.user(['organizer'], t.orgs.federation);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
const thisYear = beijingYear(new Date());
const today = beijingDate(new Date());

type Auth = { authorization: string };
type Row = { worker: { id: number }; rank: number; passed?: boolean };

/** Frozen published results, inserted directly (the judging/results routes are someone else's). */
const publish = (eventId: number, rows: Row[]) =>
  publishResults(
    database,
    eventId,
    rows.map((r) => {
      const total = Math.max(0, 100 - r.rank);
      return { workerId: r.worker.id, rank: r.rank, theory: total, practical: total, total, passed: r.passed ?? true };
    }),
  );

async function event(opts: { tier?: string; inPlan?: boolean; orgId?: number; auth?: Auth } = {}) {
  const { eventId } = await makeContest(t, opts.auth ?? organizer.auth, {
    tier: opts.tier ?? 'city',
    inPlan: opts.inPlan ?? true,
    orgId: opts.orgId,
  });
  return eventId;
}

const workers = async (n: number, level: SkillLevel | null, orgId?: number) => await makeWorkers(t, n, { level, orgId });
const one = async (level: SkillLevel | null, orgId?: number) => (await workers(1, level, orgId))[0]!;
const levelOf = (id: number) => levelOfWorker(database, id);
/** a fixture promotion record written directly (a training promotion, or last year's) */
const insertPromotion = (values: typeof promotions.$inferInsert) =>
  database.tx(async (tx) => (await tx.orm.insert(tx.s.promotions).values(values).returning())[0]!.id);
const appliedAt = async (eventId: number) => (await orm.select().from(events).where(eq(events.id, eventId)))[0]!.promotionsAppliedAt;
const apply = (eventId: number, auth: Auth = organizer.auth) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/promotions`, headers: auth });
const preview = (eventId: number, auth: Auth = organizer.auth) =>
  app.inject({ method: 'GET', url: `/api/events/${eventId}/promotions/preview`, headers: auth });

type Item = { workerId: number; promote: boolean; reason: string | null; toLevel: string | null; title: string | null; applied: boolean };
async function decisions(eventId: number): Promise<Map<number, Item>> {
  const res = await preview(eventId);
  expect(res.statusCode, res.body).toBe(200);
  return new Map((res.json().items as Item[]).map((i) => [i.workerId, i]));
}

describe('promotion rules (domain.md § Promotions), each with a case that promotes and one that does not', () => {
  it('only passed contestants are promoted', async () => {
    const [passed, failed] = await workers(2, 'intermediate');
    const id = await event();
    await publish(id, [
      { worker: passed!, rank: 1 },
      { worker: failed!, rank: 2, passed: false },
    ]);
    const d = await decisions(id);
    expect(d.get(passed!.id)).toMatchObject({ promote: true, toLevel: 'technician', reason: null, applied: false });
    expect(d.get(failed!.id)).toMatchObject({ promote: false, reason: 'not_passed', toLevel: null });
  });

  it('only in-plan contests promote', async () => {
    const [a, b] = await workers(2, 'intermediate');
    const out = await event({ inPlan: false });
    await publish(out, [{ worker: a!, rank: 1 }]);
    expect((await decisions(out)).get(a!.id)).toMatchObject({ promote: false, reason: 'not_in_plan' });
    const inPlan = await event({ inPlan: true });
    await publish(inPlan, [{ worker: b!, rank: 1 }]);
    expect((await decisions(inPlan)).get(b!.id)).toMatchObject({ promote: true });
    // applying the out-of-plan event promotes nobody and still marks it applied
    expect((await apply(out)).json()).toEqual([]);
    expect(await levelOf(a!.id)).toBe('intermediate');
    expect(await appliedAt(out)).not.toBeNull();
  });

  it('at most one contest promotion per worker per calendar year (training and last year’s do not count)', async () => {
    const [twice, trainedThisYear, lastYear] = await workers(3, 'junior');
    const first = await event();
    await publish(first, [{ worker: twice!, rank: 5 }]);
    expect((await apply(first)).json()).toEqual([expect.objectContaining({ workerId: twice!.id, fromLevel: 'junior', toLevel: 'senior' })]);
    // promoted by a training class this year, and by a contest last year
    await insertPromotion({
      workerId: trainedThisYear!.id,
      fromLevel: 'junior',
      toLevel: 'intermediate',
      sourceType: 'training',
      orgId: t.orgs.district,
      promotedOn: today,
      year: thisYear,
      becameHighSkill: false,
    });
    await setLevel(database, trainedThisYear!.id, 'intermediate');
    await insertPromotion({
      workerId: lastYear!.id,
      fromLevel: null,
      toLevel: 'junior',
      sourceType: 'contest',
      orgId: t.orgs.district,
      promotedOn: `${thisYear - 1}-06-01`,
      year: thisYear - 1,
      becameHighSkill: false,
    });
    const second = await event();
    await publish(second, [
      { worker: twice!, rank: 1 },
      { worker: trainedThisYear!, rank: 2 },
      { worker: lastYear!, rank: 3 },
    ]);
    const d = await decisions(second);
    expect(d.get(twice!.id)).toMatchObject({ promote: false, reason: 'already_promoted_this_year' });
    expect(d.get(trainedThisYear!.id)).toMatchObject({ promote: true, toLevel: 'technician' });
    expect(d.get(lastYear!.id)).toMatchObject({ promote: true, toLevel: 'technician' });
    const applied = (await apply(second)).json() as { workerId: number }[];
    expect(applied.map((a) => a.workerId).sort()).toEqual([trainedThisYear!.id, lastYear!.id].sort());
    expect(await levelOf(twice!.id)).toBe('senior');
  });

  it('holds when two events that share a winner are applied at once, and applying one event twice at once records it once', async () => {
    const [both, onlyA] = await workers(2, 'junior');
    const [a, b] = [await event(), await event()];
    await publish(a, [
      { worker: both!, rank: 1 },
      { worker: onlyA!, rank: 2 },
    ]);
    await publish(b, [{ worker: both!, rank: 1 }]);
    const answers = await Promise.all([apply(a), apply(b), apply(a)]);
    for (const r of answers) expect(r.statusCode, r.body).toBe(200);
    const contestPromotions = (workerId: number) =>
      orm
        .select()
        .from(promotions)
        .where(and(eq(promotions.workerId, workerId), eq(promotions.sourceType, 'contest'), eq(promotions.year, thisYear)));
    expect(await contestPromotions(both!.id)).toHaveLength(1);
    expect(await contestPromotions(onlyA!.id)).toHaveLength(1);
    // both answers for event a list the same records
    expect(answers[2]!.json()).toEqual(answers[0]!.json());
    const certs = await orm.select().from(certificates).where(eq(certificates.workerId, both!.id));
    expect(certs).toHaveLength(1);
  });

  it('never above the band’s cap: at the cap there is no promotion', async () => {
    const [atCap, belowCap, chief] = await Promise.all([one('senior_technician'), one('technician'), one('chief_technician')]);
    const id = await event();
    await publish(id, [
      { worker: atCap, rank: 1 },
      { worker: belowCap, rank: 2 },
      { worker: chief, rank: 3 },
    ]);
    const d = await decisions(id);
    expect(d.get(atCap.id)).toMatchObject({ promote: false, reason: 'at_cap' });
    expect(d.get(belowCap.id)).toMatchObject({ promote: true, toLevel: 'senior_technician' });
    expect(d.get(chief.id)).toMatchObject({ promote: false, reason: 'at_cap' });
  });

  it('below the target → the target (also from no level at all)', async () => {
    const [below, none] = await Promise.all([one('junior'), one(null)]);
    const id = await event();
    await publish(id, [
      { worker: below, rank: 1 },
      { worker: none, rank: 2 },
    ]);
    const out = (await apply(id)).json();
    expect(out).toEqual(
      expect.arrayContaining([
        {
          workerId: below.id,
          fromLevel: 'junior',
          toLevel: 'technician',
          title: '市技术能手',
          certificateNo: expect.stringMatching(/^GJ-\d{4}-\d{6}$/),
          becameHighSkill: true,
        },
        {
          workerId: none.id,
          fromLevel: null,
          toLevel: 'technician',
          title: '市技术能手',
          certificateNo: expect.any(String),
          becameHighSkill: true,
        },
      ]),
    );
  });

  it('at or above the target → one level up within the cap; where one up passes the cap, none', async () => {
    // city rank 4–10: target senior, cap technician
    const [atTarget, aboveTarget] = await Promise.all([one('senior'), one('technician')]);
    const id = await event();
    await publish(id, [
      { worker: await one('intermediate'), rank: 1 },
      { worker: atTarget, rank: 4 },
      { worker: aboveTarget, rank: 5 },
    ]);
    const d = await decisions(id);
    expect(d.get(atTarget.id)).toMatchObject({ promote: true, toLevel: 'technician', title: null });
    expect(d.get(aboveTarget.id)).toMatchObject({ promote: false, reason: 'at_cap' });
  });

  it('city rank 1–3 carry the title 市技术能手 (on the record and the certificate); rank 4 does not; rank 11 is in no band', async () => {
    const [r3, r4, r11] = await workers(3, 'intermediate');
    const id = await event();
    await publish(id, [
      { worker: r3!, rank: 3 },
      { worker: r4!, rank: 4 },
      { worker: r11!, rank: 11 },
    ]);
    const out = (await apply(id)).json() as { workerId: number; title: string | null }[];
    expect(Object.fromEntries(out.map((o) => [o.workerId, o.title]))).toEqual({ [r3!.id]: '市技术能手', [r4!.id]: null });
    const [cert] = await orm
      .select()
      .from(certificates)
      .where(and(eq(certificates.workerId, r3!.id), eq(certificates.eventId, id)));
    expect(cert).toMatchObject({ title: '市技术能手', level: 'technician', sourceType: 'contest', issuedOn: today });
    expect(cert!.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await decisions(id)).get(r11!.id)).toMatchObject({ promote: false, reason: 'no_band' });
  });

  it('enterprise: the top 30 % of those with a result (⌊10 × 0.3⌋ = 3) → intermediate', async () => {
    const ws = await workers(10, 'junior');
    const id = await event({ tier: 'enterprise' });
    await publish(
      id,
      ws.map((w, i) => ({ worker: w, rank: i + 1 })),
    );
    const d = await decisions(id);
    expect(ws.map((w) => d.get(w.id)!.promote)).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(d.get(ws[0]!.id)!.toLevel).toBe('intermediate');
    expect(d.get(ws[3]!.id)!.reason).toBe('no_band');
  });

  it('district: ranks 1–6 → senior, capped at senior', async () => {
    const [below, at] = await Promise.all([one('intermediate'), one('senior')]);
    const id = await event({ tier: 'district' });
    await publish(id, [
      { worker: below, rank: 1 },
      { worker: at, rank: 2 },
    ]);
    const d = await decisions(id);
    expect(d.get(below.id)).toMatchObject({ promote: true, toLevel: 'senior' });
    expect(d.get(at.id)).toMatchObject({ promote: false, reason: 'at_cap' });
  });
});

describe('applying promotions', () => {
  it('writes records, levels, certificates and audit in one go; applying twice changes nothing', async () => {
    const [gold, silver, failed, capped] = await Promise.all([one('intermediate'), one('senior'), one('junior'), one('senior_technician')]);
    const id = await event();
    await publish(id, [
      { worker: gold, rank: 1 },
      { worker: silver, rank: 2 },
      { worker: failed, rank: 3, passed: false },
      { worker: capped, rank: 4 },
    ]);
    const first = await apply(id);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().map((x: { workerId: number }) => x.workerId)).toEqual([gold.id, silver.id]);

    const recs = await orm.select().from(promotions).where(eq(promotions.eventId, id)).orderBy(promotions.id);
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({
      workerId: gold.id,
      fromLevel: 'intermediate',
      toLevel: 'technician',
      sourceType: 'contest',
      orgId: t.orgs.district,
      tradeId: t.trades.fitter,
      promotedOn: today,
      year: thisYear,
      becameHighSkill: true,
      title: '市技术能手',
    });
    expect(recs[1]).toMatchObject({ workerId: silver.id, fromLevel: 'senior', toLevel: 'technician', becameHighSkill: false });
    expect([await levelOf(gold.id), await levelOf(silver.id), await levelOf(failed.id), await levelOf(capped.id)]).toEqual([
      'technician',
      'technician',
      'junior',
      'senior_technician',
    ]);
    const certs = await orm.select().from(certificates).where(eq(certificates.eventId, id));
    expect(certs.map((c) => c.certificateNo).sort()).toEqual(recs.map((r) => r.certificateNo).sort());
    expect(new Set(certs.map((c) => c.code)).size).toBe(2);
    expect(await appliedAt(id)).not.toBeNull();
    const audits = async () =>
      (
        await orm
          .select()
          .from(auditLog)
          .where(inArray(auditLog.action, ['promotion.create', 'event.promotions_apply']))
      ).length;
    const auditCount = await audits();
    const promotionAudits = (await orm.select().from(auditLog).where(eq(auditLog.action, 'promotion.create'))).filter((a) =>
      recs.some((r) => r.id === a.entityId),
    );
    expect(promotionAudits).toHaveLength(2);

    const snapshot = async () => ({
      promotions: await orm.select().from(promotions).orderBy(promotions.id),
      certificates: await orm.select().from(certificates).orderBy(certificates.id),
      levels: await Promise.all([gold, silver, failed, capped].map((w) => levelOf(w.id))),
    });
    const before = await snapshot();
    const second = await apply(id);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await snapshot()).toEqual(before);
    expect(await audits()).toBe(auditCount);
    // the preview now shows the applied records
    const d = await decisions(id);
    expect(d.get(gold.id)).toMatchObject({ promote: true, applied: true, toLevel: 'technician' });
    expect(d.get(capped.id)).toMatchObject({ promote: false, reason: 'at_cap' });
  });

  it('never lowers a level: every record goes up, and nobody else changes', async () => {
    const levels: (SkillLevel | null)[] = [
      null,
      'apprentice',
      'junior',
      'intermediate',
      'senior',
      'technician',
      'senior_technician',
      'special_technician',
      'chief_technician',
    ];
    const ws = await Promise.all(levels.map((l) => one(l)));
    const id = await event();
    await publish(
      id,
      ws.map((w, i) => ({ worker: w, rank: i + 1 })),
    );
    await apply(id);
    const order = (l: string | null) => (l === null ? -1 : levels.indexOf(l as SkillLevel) - 1);
    for (const [i, w] of ws.entries()) {
      const [rec] = await orm
        .select()
        .from(promotions)
        .where(and(eq(promotions.eventId, id), eq(promotions.workerId, w.id)));
      if (rec) expect(order(rec.toLevel)).toBeGreaterThan(order(rec.fromLevel));
      expect(order(await levelOf(w.id))).toBeGreaterThanOrEqual(order(levels[i]!));
      if (!rec) expect(await levelOf(w.id)).toBe(levels[i]);
    }
  });

  it('409 RESULTS_NOT_PUBLISHED before publication; 404 outside the subtree; 403 for a worker', async () => {
    const id = await event();
    expectError(await apply(id), 409, 'RESULTS_NOT_PUBLISHED');
    expectError(await preview(id), 409, 'RESULTS_NOT_PUBLISHED');
    await publish(id, [{ worker: await one('junior'), rank: 1 }]);
    expectError(await apply(id, outsider.auth), 404, 'NOT_FOUND');
    expectError(await preview(id, outsider.auth), 404, 'NOT_FOUND');
    expectError(await apply(id, (await one('junior')).auth), 403, 'FORBIDDEN');
    expectError(await apply(999_999), 404, 'NOT_FOUND');
    expect((await apply(id, cityOrganizer.auth)).statusCode).toBe(200);
  });
});

describe('skill history and worker profile', () => {
  it('the worker sees their own history oldest first; another worker gets 404', async () => {
    const w = await one('junior');
    const other = await one('junior');
    await insertPromotion({
      workerId: w.id,
      fromLevel: null,
      toLevel: 'junior',
      sourceType: 'contest',
      orgId: t.orgs.district,
      promotedOn: `${thisYear - 2}-05-01`,
      year: thisYear - 2,
      becameHighSkill: false,
      certificateNo: 'OLD-1',
    });
    const id = await event();
    await publish(id, [{ worker: w, rank: 1 }]);
    await apply(id);
    const res = await app.inject({ method: 'GET', url: `/api/workers/${w.id}/skill-history`, headers: w.auth });
    expect(res.statusCode, res.body).toBe(200);
    const history = res.json();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ date: `${thisYear - 2}-05-01`, fromLevel: null, toLevel: 'junior', certificateNo: 'OLD-1' });
    expect(history[1]).toMatchObject({
      date: today,
      fromLevel: 'junior',
      toLevel: 'technician',
      source: { type: 'contest', id, title: '第九届无锡市职工技能大赛' },
      certificateNo: expect.stringMatching(/^GJ-/),
    });
    expectError(await app.inject({ method: 'GET', url: `/api/workers/${w.id}/skill-history`, headers: other.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/workers/${w.id}/skill-history` }), 401, 'UNAUTHORIZED');
  });

  it('an organizer whose subtree holds the employer sees history and a masked profile; one outside gets 404', async () => {
    const w = await one('senior');
    const history = await app.inject({ method: 'GET', url: `/api/workers/${w.id}/skill-history`, headers: organizer.auth });
    expect(history.statusCode).toBe(200);
    const profile = await app.inject({ method: 'GET', url: `/api/workers/${w.id}`, headers: organizer.auth });
    expect(profile.statusCode, profile.body).toBe(200);
    const idNumber = (await orm.select({ n: workerProfiles.idNumber }).from(workerProfiles).where(eq(workerProfiles.userId, w.id)))[0]!.n!;
    expect(profile.json()).toMatchObject({
      id: w.id,
      skillLevel: 'senior',
      highSkill: true,
      employerOrgId: t.orgs.base,
      residentId: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
    });
    expect(profile.body).not.toContain(idNumber);
    expectError(await app.inject({ method: 'GET', url: `/api/workers/${w.id}/skill-history`, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/workers/${w.id}`, headers: outsider.auth }), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/workers/999999', headers: organizer.auth }), 404, 'NOT_FOUND');
  });
});

// The tracker's fixed set of records, in a year nobody else in this file writes to (made before its describe block,
// which cannot await).
const Y = 2031;
const [inD1, inD2] = [await one('senior'), await one('junior', t.orgs.baseInOther)] as const;
const nameOf = async (id: number) => (await orm.select({ n: users.name }).from(users).where(eq(users.id, id)))[0]!.n;
await database.tx(async (tx) => {
  await tx.orm.update(tx.s.users).set({ name: '=HYPERLINK("http://x","点")' }).where(eq(tx.s.users.id, inD1.id));
});
const rec = (
  workerId: number,
  orgId: number,
  sourceType: 'contest' | 'training',
  becameHighSkill: boolean,
  date: string,
  tradeId: number | null = t.trades.fitter,
) =>
  insertPromotion({
    workerId,
    fromLevel: 'intermediate',
    toLevel: 'senior',
    sourceType,
    orgId,
    tradeId,
    promotedOn: date,
    year: Number(date.slice(0, 4)),
    becameHighSkill,
    certificateNo: null,
  });
const a = await rec(inD1.id, t.orgs.district, 'contest', true, `${Y}-03-01`);
const b = await rec(inD1.id, t.orgs.base, 'training', false, `${Y}-04-01`, t.trades.electrician);
const c = await rec(inD2.id, t.orgs.otherDistrict, 'contest', true, `${Y}-05-01`);
const d = await rec(inD2.id, t.orgs.federation, 'training', true, `${Y}-06-01`);
await rec(inD1.id, t.orgs.district, 'contest', true, `${Y - 1}-12-31`);

describe('promotions tracker', () => {
  const list = async (qs: string, auth: Auth = organizer.auth) => {
    const res = await app.inject({ method: 'GET', url: `/api/promotions?${qs}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: number }[]; total: number; page: number; pageSize: number };
  };
  const ids = async (qs: string, auth?: Auth) => (await list(qs, auth)).items.map((i) => i.id);

  it('is restricted to the caller’s subtree, by year, newest first', async () => {
    expect(await ids(`year=${Y}`)).toEqual([b, a]);
    expect(await ids(`year=${Y}`, cityOrganizer.auth)).toEqual([d, c, b, a]);
    expect(await ids(`year=${Y}`, outsider.auth)).toEqual([c]);
    expect((await ids(`year=${Y - 1}`)).length).toBe(1);
    const page = await list(`year=${Y}&page=2&pageSize=1`, cityOrganizer.auth);
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 1 });
    expect(page.items.map((i) => i.id)).toEqual([c]);
  });

  it('filters by orgId (a subtree inside the caller’s), trade, source and highSkill', async () => {
    expect(await ids(`year=${Y}&orgId=${t.orgs.base}`)).toEqual([b]);
    expect(await ids(`year=${Y}&orgId=${t.orgs.district}`, cityOrganizer.auth)).toEqual([b, a]);
    expectError(
      await app.inject({ method: 'GET', url: `/api/promotions?year=${Y}&orgId=${t.orgs.otherDistrict}`, headers: organizer.auth }),
      404,
      'NOT_FOUND',
    );
    expect(await ids(`year=${Y}&source=training`, cityOrganizer.auth)).toEqual([d, b]);
    expect(await ids(`year=${Y}&source=contest`, cityOrganizer.auth)).toEqual([c, a]);
    expect(await ids(`year=${Y}&highSkill=true`, cityOrganizer.auth)).toEqual([d, c, a]);
    expect(await ids(`year=${Y}&highSkill=false`, cityOrganizer.auth)).toEqual([b]);
    expect(await ids(`year=${Y}&tradeId=${t.trades.electrician}`, cityOrganizer.auth)).toEqual([b]);
    expectError(await app.inject({ method: 'GET', url: '/api/promotions?source=other', headers: organizer.auth }), 400, 'VALIDATION');
    expectError(await app.inject({ method: 'GET', url: '/api/promotions', headers: inD1.auth }), 403, 'FORBIDDEN');
  });

  it('an item names the worker, employer, trade, levels, source, date and certificate', async () => {
    const [item] = (await list(`year=${Y}&orgId=${t.orgs.base}`)).items;
    expect(item).toEqual({
      id: b,
      workerId: inD1.id,
      name: await nameOf(inD1.id),
      employer: '无锡供电公司工会',
      trade: '电工',
      fromLevel: 'intermediate',
      toLevel: 'senior',
      source: { type: 'training', id: null, title: '' },
      date: `${Y}-04-01`,
      certificateNo: null,
      title: null,
      becameHighSkill: false,
    });
  });

  it('uses the year/org and path indexes, never a full scan of promotions or organisations', async () => {
    const where = await app.services.promotions.trackerWhere(
      app.database.read,
      { year: Y, source: 'contest', highSkill: true },
      { id: organizer.id, roles: ['organizer'], orgId: t.orgs.district },
    );
    const plan = await queryPlan(database, sql`select count(*) from promotions where ${where}`);
    expect(plan).toMatch(/promotions_year_org_idx/);
    expect(plan).toMatch(/organisations_path_idx/);
    expect(scansWhole(plan, 'promotions') || scansWhole(plan, 'organisations'), plan).toBe(false);
  });

  it('exports CSV (BOM, CRLF, Chinese headers, formula-safe) and XLSX with the same filter', async () => {
    const csv = await app.inject({ method: 'GET', url: `/api/promotions/export?year=${Y}&format=csv`, headers: organizer.auth });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(`filename="promotions-${Y}.csv"`);
    const text = csv.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(PROMOTION_EXPORT_HEADER.join(','));
    expect(lines[0]).toBe('序号,姓名,工作单位,工种,原等级,晋升等级,晋升来源,来源类型,晋升日期,证书编号,荣誉称号,进入高技能人才');
    expect(lines).toHaveLength(4); // header, two rows, trailing empty
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""点"")"`);
    expect(lines[1]).toContain('四级/中级工,三级/高级工');
    expect(lines[1]).toContain('技能竞赛');
    expect(lines[2]).toContain('职业培训');
    const xlsx = await app.inject({ method: 'GET', url: `/api/promotions/export?year=${Y}&format=xlsx`, headers: cityOrganizer.auth });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('晋升记录')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...PROMOTION_EXPORT_HEADER]);
    expect(ws.rowCount).toBe(5);
    expectError(
      await app.inject({ method: 'GET', url: `/api/promotions/export?year=${Y}&orgId=${t.orgs.otherDistrict}`, headers: organizer.auth }),
      404,
      'NOT_FOUND',
    );
  });
});
