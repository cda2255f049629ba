import crypto from 'node:crypto';
import fs from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { beijingDate, beijingYear, formatCertificateNo } from '@gongjiang/domain';
import { buildTestApp, expectError } from './helper';
import { isoIn, makeContest, makeWorkers } from './fixtures';
import { publishResults } from './support/rows';

const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');

const t = await buildTestApp();
const { app, database } = t;
const { certificateCounters, certificates, workerProfiles } = database.read.s;
const orm = database.read.orm;
const organizer = await t.user(['organizer'], t.orgs.district);
const outsider = await t.user(['organizer'], t.orgs.otherDistrict);

// A city contest won by 王建国 (→ technician, 市技术能手), results inserted as published.
const [winner, other] = await makeWorkers(t, 2, { level: 'intermediate' });
await database.tx((tx) => tx.orm.update(tx.s.users).set({ name: '王建国' }).where(eq(tx.s.users.id, winner!.id)));
const [{ n: idNumber }] = (await orm
  .select({ n: workerProfiles.idNumber })
  .from(workerProfiles)
  .where(eq(workerProfiles.userId, winner!.id))) as [{ n: string }];
/** The worker won the event: a published result at rank 1, inserted directly. */
const wonBy = (eventId: number, workerId: number) =>
  publishResults(database, eventId, [{ workerId, rank: 1, theory: 90, practical: 95, total: 93.5, passed: true }]);
const applyPromotions = (eventId: number) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/promotions`, headers: organizer.auth });

const { eventId } = await makeContest(t, organizer.auth);
await wonBy(eventId, winner!.id);
const applied = await applyPromotions(eventId);
if (applied.statusCode !== 200) throw new Error(applied.body);
const [cert] = (await orm.select().from(certificates).where(eq(certificates.workerId, winner!.id))) as [typeof certificates.$inferSelect];

const verify = (code: string) => app.inject({ method: 'GET', url: `/api/certificates/${encodeURIComponent(code)}` });
const pdf = (code: string, auth: { authorization: string }) =>
  app.inject({ method: 'GET', url: `/api/certificates/${encodeURIComponent(code)}/pdf`, headers: auth });

describe('certificate verification (anyone)', () => {
  it('shows the holder masked, the level, title, issue date and source', async () => {
    const res = await verify(cert.code);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      certificateNo: cert.certificateNo,
      holder: { name: '王*国', residentId: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` },
      level: 'technician',
      levelName: '二级/技师',
      title: '市技术能手',
      issuedOn: beijingDate(new Date()),
      source: { type: 'contest', title: '第九届无锡市职工技能大赛', trade: '钳工', organisation: '梁溪区总工会' },
    });
    expect(res.body).not.toContain('王建国');
    expect(res.body).not.toContain(idNumber);
    expect(cert.certificateNo).toMatch(/^GJ-\d{4}-\d{6}$/);
  });

  it('404s for a forged or unknown code', async () => {
    const forged = crypto.randomBytes(16).toString('base64url');
    expectError(await verify(forged), 404, 'NOT_FOUND');
    expectError(await verify(cert.code.slice(0, -1) + (cert.code.endsWith('A') ? 'B' : 'A')), 404, 'NOT_FOUND');
    expectError(await verify(cert.certificateNo), 404, 'NOT_FOUND'); // the printed number is not the verification code
    expectError(await verify("x' or '1'='1"), 404, 'NOT_FOUND');
  });

  it('a training completion certificate names the class and its organisation', async () => {
    const c = await app.inject({
      method: 'POST',
      url: '/api/trainings',
      headers: organizer.auth,
      payload: {
        title: '电工（高级）培训班',
        tradeId: t.trades.electrician,
        targetLevel: 'senior',
        orgId: t.orgs.base,
        capacity: 5,
        enrolOpensAt: isoIn(-1),
        enrolClosesAt: isoIn(5),
        sessions: [{ startsAt: isoIn(6), endsAt: isoIn(6.1) }],
      },
    });
    const klass = c.json() as { id: number; sessions: { id: number }[] };
    const e = (await app.inject({ method: 'POST', url: `/api/trainings/${klass.id}/enrolments`, headers: other!.auth })).json() as {
      id: number;
    };
    // the class is held: its one session took place this morning, as the organizer records it
    const moved = await app.inject({
      method: 'PATCH',
      url: `/api/trainings/${klass.id}/sessions/${klass.sessions[0]!.id}`,
      headers: organizer.auth,
      payload: { startsAt: isoIn(-0.2), endsAt: isoIn(-0.1) },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await app.inject({
      method: 'PUT',
      url: `/api/trainings/${klass.id}/sessions/${klass.sessions[0]!.id}/attendance`,
      headers: organizer.auth,
      payload: [{ enrolmentId: e.id, status: 'present' }],
    });
    await app.inject({
      method: 'PUT',
      url: `/api/trainings/${klass.id}/exam-scores`,
      headers: organizer.auth,
      payload: [{ enrolmentId: e.id, theory: 75, practical: 80 }],
    });
    const done = (await app.inject({ method: 'POST', url: `/api/trainings/${klass.id}/complete`, headers: organizer.auth })).json() as {
      certificateNo: string;
    }[];
    const [row] = await orm.select().from(certificates).where(eq(certificates.certificateNo, done[0]!.certificateNo));
    expect((await verify(row!.code)).json()).toMatchObject({
      level: 'senior',
      title: null,
      source: { type: 'training', title: '电工（高级）培训班', trade: '电工', organisation: '无锡供电公司工会' },
    });
  });
});

describe('my certificates', () => {
  it('lists the worker’s own certificates only', async () => {
    const mine = await app.inject({ method: 'GET', url: '/api/me/certificates', headers: winner!.auth });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual([
      {
        code: cert.code,
        certificateNo: cert.certificateNo,
        level: 'technician',
        title: '市技术能手',
        issuedOn: cert.issuedOn,
        source: { type: 'contest', id: eventId, title: '第九届无锡市职工技能大赛', trade: '钳工', organisation: '梁溪区总工会' },
      },
    ]);
    const theirs = (await app.inject({ method: 'GET', url: '/api/me/certificates', headers: other!.auth })).json() as { code: string }[];
    expect(theirs.map((c) => c.code)).not.toContain(cert.code);
    expectError(await app.inject({ method: 'GET', url: '/api/me/certificates', headers: organizer.auth }), 403, 'FORBIDDEN');
  });
});

describe('certificate PDF (证书)', () => {
  it('is a PDF for the holder, with the CJK font embedded and the QR code as an image', async () => {
    const res = await pdf(cert.code, winner!.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename="certificate-${cert.certificateNo}.pdf"`);
    const raw = res.rawPayload.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Bold/);
    expect(raw).toMatch(/\/Subtype \/Image/);
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(res.rawPayload.length).toBeLessThan(300_000);
  });

  it.skipIf(!hasPdftotext)(
    'reads 证书, the holder, the Chinese level name, the title, the number, the code and the verification path',
    async () => {
      const text = pdfText((await pdf(cert.code, winner!.auth)).rawPayload).replace(/\s+/g, '');
      for (const s of [
        '证书',
        '王建国',
        '二级/技师',
        '市技术能手',
        '第九届无锡市职工技能大赛',
        '梁溪区总工会',
        cert.certificateNo,
        cert.code,
        `/verify/${cert.code}`,
      ])
        expect(text).toContain(s);
      expect(text).not.toContain(idNumber);
    },
  );

  it('an organizer in scope of the issuing organisation may download it; another worker or an outside organizer gets 404', async () => {
    expect((await pdf(cert.code, organizer.auth)).statusCode).toBe(200);
    expectError(await pdf(cert.code, other!.auth), 404, 'NOT_FOUND');
    expectError(await pdf(cert.code, outsider.auth), 404, 'NOT_FOUND');
    expectError(await pdf('forged-code', winner!.auth), 404, 'NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/certificates/${cert.code}/pdf` }), 401, 'UNAUTHORIZED');
  });
});

describe('certificate numbers (a counter per year and issuer, issue 15)', () => {
  const year = beijingYear(new Date());
  const counters = () =>
    orm
      .select({ year: certificateCounters.year, issuer: certificateCounters.issuer, last: certificateCounters.last })
      .from(certificateCounters)
      .orderBy(certificateCounters.year);

  it('come from the year’s counter, not from the greatest number issued: one each, consecutive, when issued at once', async () => {
    // the counter is ahead of the certificates (numbers voided on paper, say): the next numbers follow the counter
    await app.database.tx((t) => t.run(sql`update certificate_counters set last = 41 where year = ${year} and issuer = 'GJ'`));
    const won = await Promise.all(
      (await makeWorkers(t, 3, { level: 'intermediate' })).map(async (w) => {
        const { eventId: id } = await makeContest(t, organizer.auth);
        await wonBy(id, w.id);
        return id;
      }),
    );
    const answers = await Promise.all(won.map(applyPromotions));
    const numbers = answers.map((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { certificateNo: string }[])[0]!.certificateNo;
    });
    expect(numbers.sort()).toEqual([42, 43, 44].map((n) => formatCertificateNo(year, n)));
    expect(await counters()).toContainEqual({ year, issuer: 'GJ', last: 44 });
  });

  it('the migration starts each year’s counter at the greatest number already issued that year', async () => {
    const issued = (no: string) => ({
      code: crypto.randomBytes(16).toString('base64url'),
      certificateNo: no,
      workerId: winner!.id,
      sourceType: 'contest' as const,
      issuedOn: '2020-05-01',
    });
    // not one of ours: ignored
    await database.tx((tx) =>
      tx.orm.insert(tx.s.certificates).values([issued('GJ-2020-000003'), issued('GJ-2020-000017'), issued('OLD-2020-9')]),
    );
    const before = await counters();
    // the backend's own migration file, run again on emptied counters
    const file = new URL(
      database.dialect === 'postgres'
        ? '../../../drizzle/postgres/0007_certificate_counters_from_issued.sql'
        : '../../../drizzle/sqlite/0010_certificate_counters_from_issued.sql',
      import.meta.url,
    );
    await database.tx(async (tx) => {
      await tx.orm.delete(tx.s.certificateCounters);
      for (const statement of fs.readFileSync(file, 'utf8').split('--> statement-breakpoint')) await tx.run(sql.raw(statement));
    });
    expect(await counters()).toEqual([{ year: 2020, issuer: 'GJ', last: 17 }, ...before.filter((c) => c.year !== 2020)]);
    expect(before.find((c) => c.year === year)?.last).toBe(44);
  });
});
