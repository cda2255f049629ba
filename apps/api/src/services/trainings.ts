import { admit, DEFAULT_ATTENDANCE_REQUIRED, DEFAULT_TRAINING_PASS_MARK, seatsLeft, type SkillLevel } from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import { orgPath } from '../data/repos/organisations';
import {
  classById,
  classLabels,
  classRoster,
  enrolmentById,
  enrolmentProfile,
  enrolmentsOfWorker,
  firstWaiting,
  insertClass,
  insertEnrolment,
  insertSessions,
  joinWaitlist,
  listClasses,
  liveEnrolment,
  moveCounters,
  sessionsOf,
  sessionsOfClasses,
  setEnrolmentStatus,
  takeSeat,
  tradeExists,
  waitlistPosition,
  type ClassRow,
  type ClassStatus,
} from '../data/repos/trainings';
import { conflict, defineMessages, notFound, validation } from '../lib/errors';
import messages from '../messages/trainings.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { isProfileComplete } from './accounts';
import { hasRole, type Caller, type Scope } from './scope';
import { randomToken } from '../lib/random';

export type { ClassRow };

defineMessages(messages);

export interface TrainingInput {
  title: string;
  description?: string | null;
  tradeId: number;
  targetLevel: SkillLevel;
  orgId: number;
  capacity: number;
  venue?: string | null;
  enrolOpensAt: string;
  enrolClosesAt: string;
  sessions: { startsAt: string; endsAt: string }[];
  attendanceRequired?: number;
  passMark?: number;
  publish?: boolean;
}

export class TrainingsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  async create(input: TrainingInput, user: Caller) {
    await this.scope.assert(user, input.orgId, 'organisation');
    if (!(await tradeExists(this.db.read, input.tradeId))) throw validation('tradeId: unknown trade', 'tradeId', 'unknown_ref');
    const t = (s: string) => new Date(s).getTime();
    if (!(t(input.enrolOpensAt) < t(input.enrolClosesAt)))
      throw validation('enrolClosesAt: must be after enrolOpensAt', 'enrolClosesAt', 'order');
    if (input.sessions.length === 0) throw validation('sessions: at least one session', 'sessions', 'too_short');
    input.sessions.forEach((s, i) => {
      if (!(t(s.startsAt) < t(s.endsAt))) throw validation(`sessions.${i}.endsAt: must be after startsAt`, `sessions.${i}.endsAt`, 'order');
    });
    const sessions = [...input.sessions].sort((a, b) => t(a.startsAt) - t(b.startsAt));
    // a new class: no existing row to lock — it becomes the lock root of its enrolments from here
    const id = await this.db.tx(async (tx) => {
      const row = await insertClass(tx, {
        title: input.title.trim(),
        description: input.description ?? null,
        tradeId: input.tradeId,
        targetLevel: input.targetLevel,
        orgId: input.orgId,
        capacity: input.capacity,
        venue: input.venue ?? null,
        enrolOpensAt: input.enrolOpensAt,
        enrolClosesAt: input.enrolClosesAt,
        firstSessionAt: sessions[0]!.startsAt,
        attendanceRequired: input.attendanceRequired ?? DEFAULT_ATTENDANCE_REQUIRED,
        passMark: input.passMark ?? DEFAULT_TRAINING_PASS_MARK,
        status: input.publish === false ? 'draft' : 'published',
        createdBy: user.id,
      });
      await insertSessions(
        tx,
        row.id,
        sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, checkInToken: randomToken() })),
      );
      await this.audit.record(tx, { actorId: user.id, action: 'training.create', entity: 'training', entityId: row.id, after: input });
      return row.id;
    });
    return this.detail(id, user);
  }

  private async visibleRow(id: number, user: Caller | undefined): Promise<ClassRow> {
    const c = await classById(this.db.read, id);
    if (!c) throw notFound('training');
    if (c.status === 'draft' && !(await this.scope.manages(user, c.orgId))) throw notFound('training');
    return c;
  }

  /** A class for an organizer in scope (read through `h`: a transaction or the reader), else 404. */
  async managed(h: Handle, id: number, user: Caller): Promise<ClassRow> {
    const c = await classById(h, id);
    if (!c || !(await this.scope.manages(user, c.orgId))) throw notFound('training');
    return c;
  }

  private summary(c: ClassRow, extra: { orgName: string | null; trade: { id: number; name: string; nameEn: string } | null }) {
    return {
      id: c.id,
      title: c.title,
      tradeId: c.tradeId,
      trade: extra.trade,
      targetLevel: c.targetLevel as SkillLevel,
      orgId: c.orgId,
      orgName: extra.orgName,
      status: c.status,
      venue: c.venue,
      capacity: c.capacity,
      enrolled: c.taken,
      waitlisted: c.waitlistedCount,
      seatsLeft: seatsLeft(c),
      enrolOpensAt: c.enrolOpensAt,
      enrolClosesAt: c.enrolClosesAt,
      firstSessionAt: c.firstSessionAt,
      attendanceRequired: c.attendanceRequired,
      passMark: c.passMark,
    };
  }

  async detail(id: number, user: Caller | undefined) {
    const h = this.db.read;
    const c = await this.visibleRow(id, user);
    const [labels, organizer, sessions] = await Promise.all([
      classLabels(h, c.orgId, c.tradeId),
      this.scope.manages(user, c.orgId),
      sessionsOf(h, id),
    ]);
    return {
      ...this.summary(c, labels),
      description: c.description,
      sessions: sessions.map((s) => ({
        id: s.id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        ...(organizer ? { checkInToken: s.checkInToken } : {}),
      })),
    };
  }

  async list(
    q: { status?: ClassStatus; tradeId?: number; orgId?: number; open?: boolean; q?: string; page: number; pageSize: number },
    user: Caller | undefined,
  ) {
    const h = this.db.read;
    const draftsUnder = user && hasRole(user, 'organizer', 'admin') ? await this.scope.prefixFor(user) : null;
    const ownerPath = q.orgId ? ((await orgPath(h, q.orgId)) ?? null) : undefined;
    const { total, rows } = await listClasses(
      h,
      { draftsUnder, status: q.status, tradeId: q.tradeId, ownerPath, openAt: q.open ? new Date().toISOString() : undefined, q: q.q },
      q.pageSize,
      (q.page - 1) * q.pageSize,
    );
    return {
      items: rows.map((r) =>
        this.summary(r.c, {
          orgName: r.orgName,
          trade: r.tradeName ? { id: r.c.tradeId, name: r.tradeName, nameEn: r.tradeNameEn ?? '' } : null,
        }),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Same seat guarantee as registrations: a conditional counter update inside one transaction with the class locked. */
  enrol(classId: number, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      await t.lock('training_classes', classId);
      const c = await classById(t, classId);
      if (!c || c.status !== 'published') throw notFound('training');
      if (!(c.enrolOpensAt <= now.toISOString() && now.toISOString() < c.enrolClosesAt)) throw conflict('ENROLMENT_CLOSED');
      const profile = await enrolmentProfile(t, user.id);
      if (!profile || !isProfileComplete(profile)) throw conflict('PROFILE_INCOMPLETE');
      if (await liveEnrolment(t, classId, user.id)) throw conflict('ALREADY_ENROLLED');
      let status: 'enrolled' | 'waitlisted' =
        admit({ capacity: c.capacity, taken: c.taken, waiting: c.waitlistedCount }, false) === 'waitlisted' ? 'waitlisted' : 'enrolled';
      let seq: number | null = null;
      if (status === 'enrolled' && !(await takeSeat(t, classId))) status = 'waitlisted';
      if (status === 'waitlisted') seq = await joinWaitlist(t, classId);
      const row = await insertEnrolment(t, { classId, workerId: user.id, status, waitlistSeq: seq });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'enrolment.create',
        entity: 'enrolment',
        entityId: row.id,
        after: { status, waitlistSeq: seq },
      });
      return { id: row.id, classId, status, waitlistPosition: seq == null ? null : await waitlistPosition(t, classId, seq) };
    });
  }

  /** DELETE /api/enrolments/:id — the worker (until enrolment closes) or an organizer in scope; frees the seat for the first waiting. */
  cancel(id: number, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      const found = await enrolmentById(t, id);
      if (!found) throw notFound('enrolment');
      await t.lock('training_classes', found.classId);
      // read again under the class's lock: a concurrent cancel of the same enrolment has finished by now
      const e = (await enrolmentById(t, id))!;
      const c = (await classById(t, e.classId))!;
      const organizer = await this.scope.manages(user, c.orgId);
      if (e.workerId !== user.id && !organizer) throw notFound('enrolment');
      if (!organizer && now.toISOString() >= c.enrolClosesAt) throw conflict('ENROLMENT_CLOSED');
      if (e.status === 'cancelled') throw conflict('INVALID_STATE', { detail: e.status });
      const at = now.toISOString();
      let promoted: { id: number; status: 'enrolled' } | null = null;
      if (e.status === 'waitlisted') {
        await moveCounters(t, c.id, { waiting: -1 }, at);
      } else {
        const first = await firstWaiting(t, c.id);
        if (first && c.taken - 1 < c.capacity) {
          await setEnrolmentStatus(t, first.id, 'enrolled', at);
          await moveCounters(t, c.id, { waiting: -1 }, at);
          await this.audit.record(t, {
            actorId: user.id,
            action: 'enrolment.promoted_from_waitlist',
            entity: 'enrolment',
            entityId: first.id,
            before: { status: 'waitlisted' },
            after: { status: 'enrolled' },
          });
          promoted = { id: first.id, status: 'enrolled' };
        } else {
          await moveCounters(t, c.id, { taken: -1 }, at);
        }
      }
      await setEnrolmentStatus(t, id, 'cancelled', at);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'enrolment.cancel',
        entity: 'enrolment',
        entityId: id,
        before: { status: e.status },
        after: { status: 'cancelled' },
      });
      return { id, status: 'cancelled' as const, promoted };
    });
  }

  /** A worker's enrolments with the class schedule. */
  async mine(userId: number) {
    const h = this.db.read;
    const rows = await enrolmentsOfWorker(h, userId);
    const sessions = await sessionsOfClasses(h, [...new Set(rows.map((r) => r.c.id))]);
    return Promise.all(
      rows.map(async ({ e, c, tradeName }) => ({
        id: e.id,
        status: e.status,
        completed: e.completed,
        waitlistPosition: e.status === 'waitlisted' && e.waitlistSeq != null ? await waitlistPosition(h, c.id, e.waitlistSeq) : null,
        training: { id: c.id, title: c.title, trade: tradeName, venue: c.venue, status: c.status, enrolClosesAt: c.enrolClosesAt },
        sessions: sessions.filter((s) => s.classId === c.id).map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
      })),
    );
  }

  /** Organizer's roster of a class. */
  async roster(classId: number, user: Caller) {
    await this.managed(this.db.read, classId, user);
    return classRoster(this.db.read, classId);
  }
}
