import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeResidentId, maskResidentId } from '@gongjiang/domain';
import { migrationsFolder } from '../src/data/open';
import { fillHoldersAsIssued } from '../src/services/certificates';
import { buildTestApp, expectError } from './helper';
import { makeContest, makeWorkers } from './fixtures';
import { auditsOf, countOf, publishResults } from './support/rows';

const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');

const t = await buildTestApp();
const { app, database } = t;
const { certificates, promotions, users, workerProfiles } = database.read.s;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);
type Auth = { authorization: string };

const idOf = async (userId: number) =>
  (await database.read.orm.select({ n: workerProfiles.idNumber }).from(workerProfiles).where(eq(workerProfiles.userId, userId)))[0]!.n!;
const nameOf = async (userId: number) => (await database.read.orm.select({ n: users.name }).from(users).where(eq(users.id, userId)))[0]!.n;
const profile = async (auth: Auth) => (await app.inject({ method: 'GET', url: '/api/me', headers: auth })).json();
/** The profile form as the worker last saved it, with changes. */
async function saveProfile(auth: Auth, change: Record<string, unknown> = {}) {
  const me = await profile(auth);
  const p = me.profile;
  return app.inject({
    method: 'PUT',
    url: '/api/me/profile',
    headers: auth,
    payload: {
      name: me.name,
      idNumber: p.idNumber,
      employerOrgId: p.employerOrgId,
      tradeId: p.tradeId,
      skillLevel: p.skillLevel,
      certificateNo: p.certificateNo,
      unionMember: p.unionMember,
      ...change,
    },
  });
}

/** A published result for each worker in one contest event (rank by order), as publication writes them. */
async function publishedResults(workerIds: number[]) {
  const { eventId } = await makeContest(t, organizer.auth);
  await publishResults(
    database,
    eventId,
    workerIds.map((workerId, i) => ({ workerId, rank: i + 1, theory: 90 - i, practical: 95 - i, total: 93 - i, passed: true })),
  );
  return eventId;
}

/** Workers able to log in (their tokens are real): one free, one with a published result, one promoted with a certificate. */
const [free, withResult, promoted] = await makeWorkers(t, 3, { level: 'intermediate' });
await database.tx((tx) => tx.orm.update(tx.s.users).set({ name: '王建国' }).where(eq(tx.s.users.id, promoted!.id)));
const promotedId = await idOf(promoted!.id);
await publishedResults([withResult!.id]);
const promotedEvent = await publishedResults([promoted!.id]);
const applied = await app.inject({ method: 'POST', url: `/api/events/${promotedEvent}/promotions`, headers: organizer.auth });
if (applied.statusCode !== 200 || applied.json().length !== 1) throw new Error(applied.body);
const [cert] = await database.read.orm.select().from(certificates).where(eq(certificates.workerId, promoted!.id));
if (!cert) throw new Error('no certificate issued');

describe('identity frozen once on record (PUT /api/me/profile)', () => {
  it('a worker with nothing on record changes name and resident ID freely', async () => {
    expect((await profile(free!.auth)).profile.identityLocked).toBe(false);
    const res = await saveProfile(free!.auth, { name: '李四', idNumber: makeResidentId('320211', '19920304', 555) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().identityLocked).toBe(false);
    expect(await nameOf(free!.id)).toBe('李四');
  });

  it.each([
    ['a published result', () => withResult!],
    ['a certificate and a promotion', () => promoted!],
  ])('with %s: name and idNumber are refused with 409 IDENTITY_LOCKED, unchanged values and the other fields pass', async (_what, who) => {
    const w = who();
    const before = { name: await nameOf(w.id), idNumber: await idOf(w.id) };
    expect((await profile(w.auth)).profile.identityLocked).toBe(true);
    const renamed = await saveProfile(w.auth, { name: '改名字' });
    expectError(renamed, 409, 'IDENTITY_LOCKED');
    expect(renamed.json().message).toContain('联系所在工会');
    expectError(await saveProfile(w.auth, { idNumber: makeResidentId('320211', '19851111', 777) }), 409, 'IDENTITY_LOCKED');
    expect({ name: await nameOf(w.id), idNumber: await idOf(w.id) }).toEqual(before);
    const other = await saveProfile(w.auth, {
      unionMember: false,
      tradeId: t.trades.electrician,
      name: ` ${before.name} `,
      idNumber: before.idNumber.toLowerCase(),
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json()).toMatchObject({ unionMember: false, tradeId: t.trades.electrician, identityLocked: true });
  });

  it('a promotion alone locks it too', async () => {
    const [w] = await makeWorkers(t, 1, { level: 'junior' });
    await app.database.tx((tx) =>
      app.services.promotionRecords.record(
        tx,
        {
          workerId: w!.id,
          toLevel: 'intermediate',
          sourceType: 'contest',
          eventId: promotedEvent,
          orgId: t.orgs.district,
          tradeId: t.trades.fitter,
          title: null,
          certificateNo: 'S-1',
        },
        organizer.id,
        new Date(),
      ),
    );
    expectError(await saveProfile(w!.auth, { name: '另一个名字' }), 409, 'IDENTITY_LOCKED');
  });
});

describe('PATCH /api/workers/:id/identity (the organizer corrects it)', () => {
  const correct = (id: number, payload: unknown, auth: Auth = organizer.auth) =>
    app.inject({ method: 'PATCH', url: `/api/workers/${id}/identity`, headers: auth, payload: payload as object });

  it('corrects name and resident ID with a reason, audited old → new with masked IDs; the certificate keeps what it was issued with', async () => {
    const newId = makeResidentId('320202', '19880615', 321);
    const res = await correct(promoted!.id, { name: '王建军', idNumber: newId, reason: '身份证号录入错误，核对户口本更正' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: promoted!.id,
      name: '王建军',
      residentId: maskResidentId(newId),
      birthDate: '1988-06-15',
      gender: 'male',
      identityLocked: true,
    });
    expect((await profile(promoted!.auth)).profile).toMatchObject({ idNumber: newId, birthDate: '1988-06-15' });

    const audit = (await auditsOf(database, 'worker.identity_correct', { entityId: promoted!.id })).map((a) => ({
      actorId: a.actorId,
      before: a.before,
      after: a.after,
      reason: a.reason,
    }));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ name: '王建国', idNumber: maskResidentId(promotedId) });
    expect(audit[0]!.after).toEqual({ name: '王建军', idNumber: maskResidentId(newId) });
    expect(audit[0]).toMatchObject({ actorId: organizer.id, reason: '身份证号录入错误，核对户口本更正' });
    expect(JSON.stringify(audit)).not.toContain(newId);
    expect(JSON.stringify(audit)).not.toContain(promotedId);

    // as issued: the verification page, the promotion record and the PDF
    const verified = (await app.inject({ method: 'GET', url: `/api/certificates/${cert.code}` })).json();
    expect(verified.holder).toEqual({ name: '王*国', residentId: maskResidentId(promotedId) });
    const [record] = await database.read.orm.select().from(promotions).where(eq(promotions.workerId, promoted!.id));
    expect({ name: record!.holderName, id: record!.holderResidentId }).toEqual({ name: '王建国', id: maskResidentId(promotedId) });
    const tracker = await app.inject({ method: 'GET', url: '/api/promotions?pageSize=200', headers: organizer.auth });
    expect(tracker.json().items.find((p: { workerId: number }) => p.workerId === promoted!.id).name).toBe('王建国');
    if (hasPdftotext) {
      const pdf = await app.inject({ method: 'GET', url: `/api/certificates/${cert.code}/pdf`, headers: promoted!.auth });
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain('王建国');
      expect(text).not.toContain('王建军');
    }
  });

  it('checks the resident ID (400 naming idNumber), refuses one another account has (409 ID_NUMBER_TAKEN), wants a reason and a field', async () => {
    const bad = makeResidentId('320202', '19880615', 322).slice(0, 17) + 'Z';
    const res = await correct(withResult!.id, { idNumber: bad, reason: '更正' });
    expectError(res, 400, 'VALIDATION');
    expect(res.json().message).toContain('idNumber');
    expectError(await correct(withResult!.id, { idNumber: await idOf(free!.id), reason: '更正' }), 409, 'ID_NUMBER_TAKEN');
    for (const body of [
      { name: '张三' },
      { name: '张三', reason: '   ' },
      { reason: '更正' },
      { name: '', reason: '更正' },
      { name: '张三', reason: 'x'.repeat(501) },
    ]) {
      expectError(await correct(withResult!.id, body), 400, 'VALIDATION');
    }
    expect(
      await countOf(
        database,
        sql`select count(*) as "n" from audit_log where action = 'worker.identity_correct' and entity_id = ${withResult!.id}`,
      ),
    ).toBe(0);
  });

  it('404 outside the subtree and for accounts that are not workers, 403 for workers, an admin anywhere', async () => {
    expectError(await correct(withResult!.id, { name: '张三', reason: '更正' }, outsider.auth), 404, 'NOT_FOUND');
    expectError(await correct(organizer.id, { name: '张三', reason: '更正' }), 404, 'NOT_FOUND');
    expectError(await correct(999_999, { name: '张三', reason: '更正' }), 404, 'NOT_FOUND');
    expectError(await correct(withResult!.id, { name: '张三', reason: '更正' }, free!.auth), 403, 'FORBIDDEN');
    const admin = await t.user(['admin'], t.orgs.otherDistrict);
    expect((await correct(withResult!.id, { name: '张三', reason: '姓名更正' }, admin.auth)).json()).toMatchObject({ name: '张三' });
    expect(await nameOf(withResult!.id)).toBe('张三');
  });
});

describe('certificates by number and name (POST /api/certificates/lookup)', () => {
  const lookup = (payload: unknown) => app.inject({ method: 'POST', url: '/api/certificates/lookup', payload: payload as object });

  it('finds the certificate by its number with the name it was issued to, and only then', async () => {
    const res = await lookup({ certificateNo: cert.certificateNo, name: '王建国' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      code: cert.code,
      certificateNo: cert.certificateNo,
      holder: { name: '王*国' },
      level: 'technician',
    });
    expect((await lookup({ certificateNo: ` ${cert.certificateNo.toLowerCase()} `, name: ' 王 建国 ' })).statusCode).toBe(200);
    // the corrected name is not the name on the certificate
    const renamed = await lookup({ certificateNo: cert.certificateNo, name: '王建军' });
    const unknown = await lookup({ certificateNo: 'GJ-2099-000001', name: '王建国' });
    expectError(renamed, 404, 'NOT_FOUND');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(renamed.body).toBe(unknown.body);
  });

  it('answers bad input with 400', async () => {
    for (const body of [
      { certificateNo: cert.certificateNo },
      { name: '王建国' },
      { certificateNo: '', name: '王建国' },
      { certificateNo: cert.certificateNo, name: '  ' },
    ]) {
      expectError(await lookup(body), 400, 'VALIDATION');
    }
  });
});

describe('the holder as issued, for records made before it was kept', () => {
  it('the backfill migration and the city generator fill it from the worker', async () => {
    // the dialect's own migration (sqlite 0008, postgres 0005), run again on rows that lost their holder
    const folder = migrationsFolder(t.backend);
    const migration = fs.readdirSync(folder).find((f) => f.endsWith('_holder_as_issued_backfill.sql'))!;
    const statements = fs
      .readFileSync(path.join(folder, migration), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => s.trim());
    const runMigration = () =>
      database.tx(async (tx) => {
        for (const statement of statements) await tx.run(sql.raw(statement));
      });
    for (const fill of [runMigration, () => database.tx((tx) => fillHoldersAsIssued(tx))]) {
      await database.tx(async (tx) => {
        await tx.run(sql`update certificates set holder_name = null, holder_resident_id = null`);
        await tx.run(sql`update promotions set holder_name = null, holder_resident_id = null`);
      });
      await fill();
      const [row] = await database.read.orm.select().from(certificates).where(eq(certificates.id, cert.id));
      expect(row!.holderName).toBe(await nameOf(promoted!.id));
      expect(row!.holderResidentId).toBe(maskResidentId(await idOf(promoted!.id)));
      expect(await countOf(database, sql`select count(*) as "n" from promotions where holder_name is null`)).toBe(0);
    }
  });
});
