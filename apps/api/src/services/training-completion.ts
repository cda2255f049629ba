import { and, asc, eq, inArray } from 'drizzle-orm';
import QRCode from 'qrcode';
import {
  attendanceAfterScan,
  CHECK_IN_CODE_PREFIX,
  checkInUrl,
  countsAsAttended,
  isSkillLevel,
  parseCheckInCode,
  selfCheckIn,
  trainingOutcome,
  type AttendanceStatus,
  type SkillLevel,
} from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { attendance, enrolments, examScores, trainingClasses, trainingSessions, users, workerProfiles } from '../db/schema';
import { AppError, conflict, defineMessages, notFound, validation } from '../lib/errors';
import type { AuthUser } from '../plugins/auth';
import type { AuditService } from './audit';
import type { CertificatesService } from './certificates';
import type { PromotionsService } from './promotions';
import type { TrainingsService } from './trainings';

defineMessages({
  ALREADY_COMPLETED: { zh: '该培训班已结业', en: 'This class has already been completed' },
  NOT_ENROLLED: { zh: '你未在该培训班报名（或仍在候补）', en: 'You are not enrolled in this class (or still on its waiting list)' },
  UNKNOWN_CHECK_IN_CODE: { zh: '无效的签到二维码', en: 'Unknown check-in code' },
  CHECK_IN_CLOSED: { zh: '不在签到时间内（{detail}）', en: 'Check-in is not open ({detail})' },
});

type ClassRow = typeof trainingClasses.$inferSelect;
type SessionRow = typeof trainingSessions.$inferSelect;
type Problem = { row: number; text: string };

/** All or nothing: every bad row named in one 400, in row order. */
function rejectRows(problems: Problem[]) {
  if (problems.length)
    throw validation(
      [...problems]
        .sort((a, b) => a.row - b.row)
        .map((p) => p.text)
        .join('; '),
    );
}

/**
 * What the session QR encodes: `<origin>/checkin?t=GJS1%3A<token>`, so any phone camera opens the
 * check-in page. The code `GJS1:<token>` is printed beside it for people who type it.
 */
export const sessionQrPayload = (origin: string, token: string) => checkInUrl(origin, token);
export const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 } as const;

/** The token of a scanned, typed or pasted code (`GJS1:<token>`, the bare token or the check-in URL), or null. */
const tokenOf = (raw: string) => parseCheckInCode(raw)?.slice(CHECK_IN_CODE_PREFIX.length) ?? null;

/** Attendance, exam scores, QR self check-in and completion (结业) of training classes — domain.md § Promotions, Training. */
export class TrainingCompletionService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly trainings: TrainingsService,
    private readonly certificates: CertificatesService,
    private readonly promotions: PromotionsService,
  ) {}

  /** Attendance and scores can change until the class is completed. */
  private assertOpen(c: ClassRow) {
    if (c.status === 'completed') throw conflict('ALREADY_COMPLETED');
    if (c.status !== 'published') throw conflict('INVALID_STATE', { detail: c.status });
  }

  private session(classId: number, sessionId: number): SessionRow {
    const s = this.db
      .select()
      .from(trainingSessions)
      .where(and(eq(trainingSessions.id, sessionId), eq(trainingSessions.classId, classId)))
      .get();
    if (!s) throw notFound('session');
    return s;
  }

  private enrolled(classId: number) {
    return this.db
      .select({
        id: enrolments.id,
        workerId: enrolments.workerId,
        name: users.name,
        completed: enrolments.completed,
        level: workerProfiles.skillLevel,
      })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.workerId))
      .leftJoin(workerProfiles, eq(workerProfiles.userId, enrolments.workerId))
      .where(and(eq(enrolments.classId, classId), eq(enrolments.status, 'enrolled')))
      .orderBy(asc(enrolments.id))
      .all();
  }

  /** Per-row problems for a batch keyed by enrolment: each must be an enrolled enrolment of the class, once. */
  private rowProblems(classId: number, ids: number[]): Problem[] {
    const enrolled = new Set(this.enrolled(classId).map((e) => e.id));
    const seen = new Set<number>();
    const problems: Problem[] = [];
    ids.forEach((id, i) => {
      if (!enrolled.has(id)) problems.push({ row: i, text: `[${i}].enrolmentId: ${id} is not an enrolled enrolment of this class` });
      else if (seen.has(id)) problems.push({ row: i, text: `[${i}].enrolmentId: ${id} appears twice` });
      seen.add(id);
    });
    return problems;
  }

  private sessionAttendance(sessionId: number) {
    return this.db
      .select({ enrolmentId: attendance.enrolmentId, status: attendance.status })
      .from(attendance)
      .where(eq(attendance.sessionId, sessionId))
      .orderBy(asc(attendance.enrolmentId))
      .all();
  }

  private upsertAttendance(sessionId: number, rows: { enrolmentId: number; status: AttendanceStatus }[]) {
    const now = new Date().toISOString();
    for (const r of rows) {
      this.db
        .insert(attendance)
        .values({ sessionId, enrolmentId: r.enrolmentId, status: r.status })
        .onConflictDoUpdate({ target: [attendance.sessionId, attendance.enrolmentId], set: { status: r.status, updatedAt: now } })
        .run();
    }
  }

  /** PUT /api/trainings/:id/sessions/:sessionId/attendance — all or nothing; upsert per (session, enrolment). */
  setAttendance(classId: number, sessionId: number, rows: { enrolmentId: number; status: AttendanceStatus }[], user: AuthUser) {
    return writeTx(this.db, () => {
      this.assertOpen(this.trainings.managed(classId, user));
      this.session(classId, sessionId);
      rejectRows(
        this.rowProblems(
          classId,
          rows.map((r) => r.enrolmentId),
        ),
      );
      const before = new Map(this.sessionAttendance(sessionId).map((a) => [a.enrolmentId, a.status]));
      const changed = rows.filter((r) => before.get(r.enrolmentId) !== r.status);
      this.upsertAttendance(sessionId, changed);
      if (changed.length) {
        this.audit.record({
          actorId: user.id,
          action: 'training.attendance',
          entity: 'training_session',
          entityId: sessionId,
          before: Object.fromEntries(changed.map((r) => [r.enrolmentId, before.get(r.enrolmentId) ?? null])),
          after: Object.fromEntries(changed.map((r) => [r.enrolmentId, r.status])),
        });
      }
      return this.sessionAttendance(sessionId);
    });
  }

  /** The session a scanned, typed or pasted code names, its class, the caller's enrolment and their attendance so far. */
  private scanned(code: string, user: AuthUser) {
    const token = tokenOf(code);
    const s = token ? this.db.select().from(trainingSessions).where(eq(trainingSessions.checkInToken, token)).get() : undefined;
    if (!s) throw new AppError(404, 'UNKNOWN_CHECK_IN_CODE');
    const c = this.db.select().from(trainingClasses).where(eq(trainingClasses.id, s.classId)).get()!;
    const e = this.db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.classId, c.id), eq(enrolments.workerId, user.id), eq(enrolments.status, 'enrolled')))
      .get();
    const previous = e
      ? (this.db
          .select({ status: attendance.status })
          .from(attendance)
          .where(and(eq(attendance.sessionId, s.id), eq(attendance.enrolmentId, e.id)))
          .get()?.status ?? null)
      : null;
    const { n } = this.db.$client
      .prepare('select count(*) as n from training_sessions where class_id = ? and (starts_at < ? or (starts_at = ? and id <= ?))')
      .get(c.id, s.startsAt, s.startsAt, s.id) as { n: number };
    return { s, c, e, previous, sessionNo: n };
  }

  /**
   * GET /api/trainings/check-in?token= — what the check-in page shows before the worker confirms: the class, which
   * session, its time and venue, whether the caller is enrolled, their attendance so far and whether the code works
   * now. Records nothing.
   */
  previewCheckIn(code: string, user: AuthUser, now = new Date()) {
    const { s, c, e, previous, sessionNo } = this.scanned(code, user);
    const verdict = selfCheckIn(s, now);
    return {
      training: { id: c.id, title: c.title, venue: c.venue },
      sessionNo,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      enrolled: !!e,
      status: previous,
      window: c.status !== 'published' ? ('closed' as const) : verdict.ok ? ('open' as const) : verdict.reason,
    };
  }

  /**
   * POST /api/trainings/check-in — a worker scans the session QR. The code works from 60 minutes
   * before the start until the end; up to 15 minutes after the start is present, later is late
   * (domain selfCheckIn). A re-scan changes nothing and answers the same.
   */
  checkIn(code: string, user: AuthUser, now = new Date()) {
    return writeTx(this.db, () => {
      const { s, c, e, previous } = this.scanned(code, user);
      if (!e) throw conflict('NOT_ENROLLED');
      const answer = (status: AttendanceStatus) => ({
        sessionId: s.id,
        enrolmentId: e.id,
        training: { id: c.id, title: c.title },
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        status,
      });
      if (previous === 'present' || previous === 'late') return answer(previous);
      this.assertOpen(c);
      const verdict = selfCheckIn(s, now);
      if (!verdict.ok)
        throw conflict('CHECK_IN_CLOSED', {
          detail: verdict.reason === 'not_open' ? `opens 60 minutes before ${s.startsAt}` : `ended ${s.endsAt}`,
        });
      const status = attendanceAfterScan(previous, verdict.status);
      this.upsertAttendance(s.id, [{ enrolmentId: e.id, status }]);
      this.audit.record({
        actorId: user.id,
        action: 'training.check_in',
        entity: 'training_session',
        entityId: s.id,
        before: { [e.id]: previous },
        after: { [e.id]: status },
      });
      return answer(status);
    });
  }

  /**
   * GET /api/trainings/:id/sessions/:sessionId/qr.png — what the organizer shows in the classroom:
   * the check-in URL on `origin` (the site as the organizer's browser reached it).
   */
  async sessionQr(classId: number, sessionId: number, user: AuthUser, origin: string): Promise<Buffer> {
    this.trainings.managed(classId, user);
    const s = this.session(classId, sessionId);
    return QRCode.toBuffer(sessionQrPayload(origin, s.checkInToken), QR_OPTIONS);
  }

  /** PUT /api/trainings/:id/exam-scores — both parts 0–100; all or nothing, every bad row named. */
  setExamScores(classId: number, rows: { enrolmentId: number; theory: number; practical: number }[], user: AuthUser) {
    return writeTx(this.db, () => {
      this.assertOpen(this.trainings.managed(classId, user));
      const problems = this.rowProblems(
        classId,
        rows.map((r) => r.enrolmentId),
      );
      rows.forEach((r, i) => {
        for (const part of ['theory', 'practical'] as const) {
          if (!(Number.isFinite(r[part]) && r[part] >= 0 && r[part] <= 100))
            problems.push({ row: i, text: `[${i}].${part}: ${r[part]} is not between 0 and 100` });
        }
      });
      rejectRows(problems);
      const ids = rows.map((r) => r.enrolmentId);
      const before = new Map(
        (ids.length ? this.db.select().from(examScores).where(inArray(examScores.enrolmentId, ids)).all() : []).map((x) => [
          x.enrolmentId,
          { theory: x.theory, practical: x.practical },
        ]),
      );
      const now = new Date().toISOString();
      for (const r of rows) {
        this.db
          .insert(examScores)
          .values({ enrolmentId: r.enrolmentId, theory: r.theory, practical: r.practical })
          .onConflictDoUpdate({ target: examScores.enrolmentId, set: { theory: r.theory, practical: r.practical, updatedAt: now } })
          .run();
      }
      this.audit.record({
        actorId: user.id,
        action: 'training.exam_scores',
        entity: 'training',
        entityId: classId,
        before: Object.fromEntries(rows.map((r) => [r.enrolmentId, before.get(r.enrolmentId) ?? null])),
        after: Object.fromEntries(rows.map((r) => [r.enrolmentId, { theory: r.theory, practical: r.practical }])),
      });
      return rows.map(({ enrolmentId, theory, practical }) => ({ enrolmentId, theory, practical }));
    });
  }

  /** Sessions, attendance and scores of every enrolled enrolment, with each one's outcome as things stand. */
  private sheet(c: ClassRow) {
    const sessions = this.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.classId, c.id))
      .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id))
      .all();
    const people = this.enrolled(c.id);
    const ids = people.map((p) => p.id);
    const marks = ids.length ? this.db.select().from(attendance).where(inArray(attendance.enrolmentId, ids)).all() : [];
    const scores = new Map(
      (ids.length ? this.db.select().from(examScores).where(inArray(examScores.enrolmentId, ids)).all() : []).map((x) => [
        x.enrolmentId,
        x,
      ]),
    );
    const statusOf = new Map(marks.map((m) => [`${m.enrolmentId}:${m.sessionId}`, m.status]));
    const rows = people.map((p) => {
      const statuses = sessions.map((s) => statusOf.get(`${p.id}:${s.id}`) ?? null);
      const attended = statuses.filter((st) => st !== null && countsAsAttended(st)).length;
      const score = scores.get(p.id);
      const currentLevel = isSkillLevel(p.level) ? p.level : null;
      const outcome = trainingOutcome({
        sessions: sessions.length,
        attended,
        theory: score?.theory ?? null,
        practical: score?.practical ?? null,
        attendanceRequired: c.attendanceRequired,
        passMark: c.passMark,
        targetLevel: c.targetLevel as SkillLevel,
        currentLevel,
      });
      return { p, statuses, attended, theory: score?.theory ?? null, practical: score?.practical ?? null, currentLevel, outcome };
    });
    return { sessions, rows };
  }

  /** GET /api/trainings/:id/attendance — enrolments × sessions. */
  matrix(classId: number, user: AuthUser) {
    const c = this.trainings.managed(classId, user);
    const { sessions, rows } = this.sheet(c);
    return {
      classId: c.id,
      status: c.status,
      targetLevel: c.targetLevel as SkillLevel,
      attendanceRequired: c.attendanceRequired,
      passMark: c.passMark,
      sessions: sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
      enrolments: rows.map((r) => ({
        enrolmentId: r.p.id,
        workerId: r.p.workerId,
        name: r.p.name,
        skillLevel: r.currentLevel,
        attendance: r.statuses,
        attended: r.attended,
        theory: r.theory,
        practical: r.practical,
        completes: r.outcome.completed,
        completed: r.p.completed,
      })),
    };
  }

  /**
   * POST /api/trainings/:id/complete — once. One transaction: every enrolled enrolment's outcome
   * (domain trainingOutcome), certificates for those who complete, promotions where the target is
   * above their level, the class marked completed; audited.
   */
  complete(classId: number, user: AuthUser, now = new Date()) {
    return writeTx(this.db, () => {
      const c = this.trainings.managed(classId, user);
      this.assertOpen(c);
      const { rows } = this.sheet(c);
      const out = rows.map(({ p, outcome }) => {
        this.db.update(enrolments).set({ completed: outcome.completed }).where(eq(enrolments.id, p.id)).run();
        if (!outcome.completed) return { enrolmentId: p.id, workerId: p.workerId, completed: false, certificateNo: null, promotion: null };
        const cert = this.certificates.issue(
          { workerId: p.workerId, level: c.targetLevel as SkillLevel, title: null, sourceType: 'training', trainingClassId: c.id },
          now,
        );
        if (outcome.promotion) {
          this.promotions.record(
            {
              workerId: p.workerId,
              toLevel: outcome.promotion.toLevel,
              sourceType: 'training',
              trainingClassId: c.id,
              orgId: c.orgId,
              tradeId: c.tradeId,
              title: null,
              certificateNo: cert.certificateNo,
            },
            user.id,
            now,
          );
        }
        return {
          enrolmentId: p.id,
          workerId: p.workerId,
          completed: true,
          certificateNo: cert.certificateNo,
          promotion: outcome.promotion,
        };
      });
      const at = now.toISOString();
      this.db.update(trainingClasses).set({ status: 'completed', completedAt: at }).where(eq(trainingClasses.id, c.id)).run();
      this.audit.record({
        actorId: user.id,
        action: 'training.complete',
        entity: 'training',
        entityId: c.id,
        before: { status: c.status },
        after: { status: 'completed', completedAt: at, completed: out.filter((o) => o.completed).length, of: out.length },
      });
      return out;
    });
  }
}
