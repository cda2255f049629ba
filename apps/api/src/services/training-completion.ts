import QRCode from 'qrcode';
import {
  attendanceAfterScan,
  CHECK_IN_CODE_PREFIX,
  checkInCode,
  checkInUrl,
  countsAsAttended,
  isSkillLevel,
  lastSessionEndsAt,
  tooEarly,
  parseCheckInCode,
  selfCheckIn,
  trainingOutcome,
  type AttendanceStatus,
  type SkillLevel,
} from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import {
  attendanceOf,
  attendanceOfEnrolments,
  classById,
  enrolledEnrolment,
  enrolledOf,
  examScoresOf,
  markClassCompleted,
  sessionAttendance,
  sessionByToken,
  sessionNumber,
  sessionOf,
  sessionsOf,
  setSessionTimes,
  setCompleted,
  upsertAttendance,
  upsertExamScores,
  type ClassRow,
  type SessionRow,
} from '../data/repos/trainings';
import { AppError, conflict, defineMessages, notFound, validation } from '../lib/errors';
import messages from '../messages/training-completion.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { sessionTokenOf, windowOf, windowStart, type CheckInCodes } from './check-in-codes';
import type { PromotionRecords } from './promotion-records';
import type { Caller } from './scope';
import { assertOnTime } from './timing';
import type { TrainingsService } from './trainings';

defineMessages(messages);

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
 * check-in page. The code `GJS1:<token>` is printed beside it for people who type it. `token` is the
 * session's token with the current window and its mac (check-in-codes.ts): the code changes every 30 s.
 */
export const sessionQrPayload = (origin: string, token: string) => checkInUrl(origin, token);
export const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 } as const;

/** The token of a scanned, typed or pasted code (`GJS1:<token>`, the bare token or the check-in URL), or null. */
const tokenOf = (raw: string) => parseCheckInCode(raw)?.slice(CHECK_IN_CODE_PREFIX.length) ?? null;

/** Attendance, exam scores, QR self check-in and completion (结业) of training classes — domain.md § Promotions, Training. */
export class TrainingCompletionService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly trainings: TrainingsService,
    private readonly records: PromotionRecords,
    /** the time-window codes (issue 17) */
    readonly codes: CheckInCodes,
  ) {}

  /** Attendance and scores can change until the class is completed. */
  private assertOpen(c: ClassRow) {
    if (c.status === 'completed') throw conflict('ALREADY_COMPLETED');
    if (c.status !== 'published') throw conflict('INVALID_STATE', { detail: c.status });
  }

  /** The class for an organizer in scope, inside `t` with the class locked (the lock root of attendance, scores, completion). */
  private async lockedClass(t: Tx, classId: number, user: Caller): Promise<ClassRow> {
    await t.lock('training_classes', classId);
    return this.trainings.managed(t, classId, user);
  }

  private async session(h: Handle, classId: number, sessionId: number): Promise<SessionRow> {
    const s = await sessionOf(h, classId, sessionId);
    if (!s) throw notFound('session');
    return s;
  }

  /**
   * PATCH /api/trainings/:id/sessions/:sessionId — the organizer moves a session. Attendance already on record keeps its
   * session in the past: a start moved into the future is 409 ATTENDANCE_RECORDED (no attendance before its time).
   */
  moveSession(classId: number, sessionId: number, input: { startsAt?: string; endsAt?: string }, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      const c = await this.lockedClass(t, classId, user);
      const s = await this.session(t, classId, sessionId);
      this.assertOpen(c);
      const next = { startsAt: new Date(input.startsAt ?? s.startsAt).toISOString(), endsAt: new Date(input.endsAt ?? s.endsAt).toISOString() };
      if (!(next.startsAt < next.endsAt)) throw validation('endsAt: must be after startsAt', 'endsAt', 'order');
      if (tooEarly('attendance', { sessionStartsAt: next.startsAt }, now) && (await sessionAttendance(t, sessionId)).length)
        throw conflict('ATTENDANCE_RECORDED');
      if (next.startsAt !== s.startsAt || next.endsAt !== s.endsAt) {
        await setSessionTimes(t, sessionId, next);
        await this.audit.record(t, {
          actorId: user.id,
          action: 'training.session_move',
          entity: 'training_session',
          entityId: sessionId,
          before: { startsAt: s.startsAt, endsAt: s.endsAt },
          after: next,
        });
      }
      return { id: sessionId, ...next };
    });
  }

  /** Per-row problems for a batch keyed by enrolment: each must be an enrolled enrolment of the class, once. */
  private async rowProblems(h: Handle, classId: number, ids: number[]): Promise<Problem[]> {
    const enrolled = new Set((await enrolledOf(h, classId)).map((e) => e.id));
    const seen = new Set<number>();
    const problems: Problem[] = [];
    ids.forEach((id, i) => {
      if (!enrolled.has(id)) problems.push({ row: i, text: `[${i}].enrolmentId: ${id} is not an enrolled enrolment of this class` });
      else if (seen.has(id)) problems.push({ row: i, text: `[${i}].enrolmentId: ${id} appears twice` });
      seen.add(id);
    });
    return problems;
  }

  /** PUT /api/trainings/:id/sessions/:sessionId/attendance — all or nothing; upsert per (session, enrolment). */
  setAttendance(
    classId: number,
    sessionId: number,
    rows: { enrolmentId: number; status: AttendanceStatus }[],
    user: Caller,
    now = new Date(),
  ) {
    return this.db.tx(async (t) => {
      const c = await this.lockedClass(t, classId, user);
      const s = await this.session(t, classId, sessionId);
      assertOnTime('attendance', { sessionStartsAt: s.startsAt }, now);
      this.assertOpen(c);
      rejectRows(
        await this.rowProblems(
          t,
          classId,
          rows.map((r) => r.enrolmentId),
        ),
      );
      const before = new Map((await sessionAttendance(t, sessionId)).map((a) => [a.enrolmentId, a.status]));
      const changed = rows.filter((r) => before.get(r.enrolmentId) !== r.status);
      await upsertAttendance(t, sessionId, changed, now.toISOString());
      if (changed.length) {
        await this.audit.record(t, {
          actorId: user.id,
          action: 'training.attendance',
          entity: 'training_session',
          entityId: sessionId,
          before: Object.fromEntries(changed.map((r) => [r.enrolmentId, before.get(r.enrolmentId) ?? null])),
          after: Object.fromEntries(changed.map((r) => [r.enrolmentId, r.status])),
        });
      }
      return sessionAttendance(t, sessionId);
    });
  }

  /**
   * The session a scanned, typed or pasted code names (its class id), or 404 UNKNOWN_CHECK_IN_CODE; a code of that
   * session drawn for an older window (or a bare token, as codes were before they expired) is 409 CHECK_IN_CODE_EXPIRED.
   */
  private async scannedSession(h: Handle, code: string, now: Date): Promise<SessionRow> {
    const token = tokenOf(code);
    const s = token ? await sessionByToken(h, sessionTokenOf(token)) : undefined;
    if (!s || !token) throw new AppError(404, 'UNKNOWN_CHECK_IN_CODE');
    const verdict = this.codes.verdict(s, token, now);
    if (verdict === 'forged') throw new AppError(404, 'UNKNOWN_CHECK_IN_CODE');
    if (verdict === 'expired') throw conflict('CHECK_IN_CODE_EXPIRED');
    return s;
  }

  /** The session's class, the caller's enrolment and their attendance so far, and the session's number. */
  private async scanned(h: Handle, s: SessionRow, user: Caller) {
    const c = (await classById(h, s.classId))!;
    const e = await enrolledEnrolment(h, c.id, user.id);
    const previous = e ? await attendanceOf(h, s.id, e.id) : null;
    const sessionNo = await sessionNumber(h, s);
    return { s, c, e, previous, sessionNo };
  }

  /**
   * GET /api/trainings/check-in?token= — what the check-in page shows before the worker confirms: the class, which
   * session, its time and venue, whether the caller is enrolled, their attendance so far and whether the code works
   * now. Records nothing.
   */
  async previewCheckIn(code: string, user: Caller, now = new Date()) {
    const h = this.db.read;
    const { s, c, e, previous, sessionNo } = await this.scanned(h, await this.scannedSession(h, code, now), user);
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
   * POST /api/trainings/check-in — a worker scans the session QR. The code works from the start
   * until the end (409 TOO_EARLY before the start); up to 15 minutes after the start is present,
   * later is late (domain selfCheckIn). A re-scan changes nothing and answers the same.
   */
  checkIn(code: string, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      const session = await this.scannedSession(t, code, now);
      await t.lock('training_classes', session.classId);
      const { s, c, e, previous } = await this.scanned(t, session, user);
      assertOnTime('attendance', { sessionStartsAt: s.startsAt }, now);
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
        throw conflict('CHECK_IN_CLOSED', { detail: verdict.reason === 'not_open' ? `opens ${s.startsAt}` : `ended ${s.endsAt}` });
      const status = attendanceAfterScan(previous, verdict.status);
      await upsertAttendance(t, s.id, [{ enrolmentId: e.id, status }], now.toISOString());
      await this.audit.record(t, {
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
   * GET /api/trainings/:id/sessions/:sessionId/check-in-code — the code the classroom is shown now: the check-in URL on
   * `origin` (the site as the organizer's browser reached it), the typed code, and when the next one is drawn.
   */
  async sessionCode(classId: number, sessionId: number, user: Caller, origin: string, now = new Date()) {
    await this.trainings.managed(this.db.read, classId, user);
    const s = await this.session(this.db.read, classId, sessionId);
    const { token, window, changesAt } = this.codes.tokenAt(s, now);
    return {
      sessionId: s.id,
      code: checkInCode(token),
      url: sessionQrPayload(origin, token),
      window,
      changesAt: changesAt.toISOString(),
      changesInMs: changesAt.getTime() - now.getTime(),
    };
  }

  /**
   * GET /api/trainings/:id/sessions/:sessionId/qr.png — the QR of the current code's URL (sessionCode); with `window` (the
   * projector page's `w`) the code of that window while it is still good (this one, the one before, the next), so the
   * image always matches the code printed beside it.
   */
  async sessionQr(classId: number, sessionId: number, user: Caller, origin: string, window?: number, now = new Date()): Promise<Buffer> {
    const current = windowOf(now);
    const at = window !== undefined && Math.abs(window - current) <= 1 ? windowStart(window) : now;
    const { url } = await this.sessionCode(classId, sessionId, user, origin, at);
    return QRCode.toBuffer(url, QR_OPTIONS);
  }

  /** PUT /api/trainings/:id/exam-scores — both parts 0–100; all or nothing, every bad row named. */
  setExamScores(classId: number, rows: { enrolmentId: number; theory: number; practical: number }[], user: Caller) {
    return this.db.tx(async (t) => {
      this.assertOpen(await this.lockedClass(t, classId, user));
      const problems = await this.rowProblems(
        t,
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
      const before = new Map(
        (
          await examScoresOf(
            t,
            rows.map((r) => r.enrolmentId),
          )
        ).map((x) => [x.enrolmentId, { theory: x.theory, practical: x.practical }]),
      );
      await upsertExamScores(
        t,
        rows.map(({ enrolmentId, theory, practical }) => ({ enrolmentId, theory, practical })),
        new Date().toISOString(),
      );
      await this.audit.record(t, {
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

  /** Sessions, attendance and scores of every enrolled enrolment, with each one's outcome as things stand (read through `h`). */
  private async sheet(h: Handle, c: ClassRow) {
    const sessions = await sessionsOf(h, c.id);
    const people = await enrolledOf(h, c.id);
    const ids = people.map((p) => p.id);
    const marks = await attendanceOfEnrolments(h, ids);
    const scoreRows = await examScoresOf(h, ids);
    const scores = new Map(scoreRows.map((x) => [x.enrolmentId, x]));
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
  async matrix(classId: number, user: Caller) {
    const h = this.db.read;
    const c = await this.trainings.managed(h, classId, user);
    const { sessions, rows } = await this.sheet(h, c);
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
   * above their level, the class marked completed; audited. Lock roots: the class, then its enrolled workers
   * (whose levels the promotions raise).
   */
  complete(classId: number, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      const c = await this.lockedClass(t, classId, user);
      assertOnTime('complete', { lastSessionEndsAt: lastSessionEndsAt(await sessionsOf(t, classId)) }, now);
      this.assertOpen(c);
      await t.lock(
        'users',
        (await enrolledOf(t, classId)).map((p) => p.workerId),
      );
      const { rows } = await this.sheet(t, c);
      const at = now.toISOString();
      const out = [];
      for (const { p, outcome } of rows) {
        await setCompleted(t, p.id, outcome.completed, at);
        if (!outcome.completed) {
          out.push({ enrolmentId: p.id, workerId: p.workerId, completed: false, certificateNo: null, promotion: null });
          continue;
        }
        const cert = await this.records.certificates.issue(
          t,
          { workerId: p.workerId, level: c.targetLevel as SkillLevel, title: null, sourceType: 'training', trainingClassId: c.id },
          now,
        );
        if (outcome.promotion) {
          await this.records.record(
            t,
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
        out.push({
          enrolmentId: p.id,
          workerId: p.workerId,
          completed: true,
          certificateNo: cert.certificateNo,
          promotion: outcome.promotion,
        });
      }
      await markClassCompleted(t, c.id, at);
      await this.audit.record(t, {
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
