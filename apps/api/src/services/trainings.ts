import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { admit, seatsLeft, type SkillLevel } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { enrolments, organisations, trades, trainingClasses, trainingSessions, users } from '../db/schema';
import { AppError, conflict, defineMessages, notFound, validation } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole, orgSubtreeIds } from '../plugins/auth';
import type { AuditService } from './audit';
import { isProfileComplete } from './accounts';

defineMessages({
  ALREADY_ENROLLED: { zh: '你已报名该培训班', en: 'You are already enrolled in this class' },
  ENROLMENT_CLOSED: { zh: '不在培训报名时间内', en: 'Enrolment is not open' },
});

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

type ClassRow = typeof trainingClasses.$inferSelect;

export class TrainingsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scope: OrgScope,
  ) {}

  create(input: TrainingInput, user: AuthUser) {
    this.scope.assert(user, input.orgId, 'organisation');
    if (!this.db.select({ id: trades.id }).from(trades).where(eq(trades.id, input.tradeId)).get())
      throw validation('tradeId: unknown trade');
    const t = (s: string) => new Date(s).getTime();
    if (!(t(input.enrolOpensAt) < t(input.enrolClosesAt))) throw validation('enrolClosesAt: must be after enrolOpensAt');
    if (input.sessions.length === 0) throw validation('sessions: at least one session');
    input.sessions.forEach((s, i) => {
      if (!(t(s.startsAt) < t(s.endsAt))) throw validation(`sessions.${i}.endsAt: must be after startsAt`);
    });
    const sessions = [...input.sessions].sort((a, b) => t(a.startsAt) - t(b.startsAt));
    return writeTx(this.db, () => {
      const row = this.db
        .insert(trainingClasses)
        .values({
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
          attendanceRequired: input.attendanceRequired ?? 0.8,
          passMark: input.passMark ?? 60,
          status: input.publish === false ? 'draft' : 'published',
          createdBy: user.id,
        })
        .returning()
        .get();
      this.db
        .insert(trainingSessions)
        .values(
          sessions.map((s) => ({
            classId: row.id,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            checkInToken: crypto.randomBytes(12).toString('base64url'),
          })),
        )
        .run();
      this.audit.record({ actorId: user.id, action: 'training.create', entity: 'training', entityId: row.id, after: input });
      return this.detail(row.id, user);
    });
  }

  private visibleRow(id: number, user: AuthUser | undefined): ClassRow {
    const c = this.db.select().from(trainingClasses).where(eq(trainingClasses.id, id)).get();
    if (!c) throw notFound('training');
    if (c.status === 'draft' && !(user && hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId)))
      throw notFound('training');
    return c;
  }

  managed(id: number, user: AuthUser): ClassRow {
    const c = this.db.select().from(trainingClasses).where(eq(trainingClasses.id, id)).get();
    if (!c || !hasRole(user, 'organizer', 'admin') || !this.scope.contains(user, c.orgId)) throw notFound('training');
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

  detail(id: number, user: AuthUser | undefined) {
    const c = this.visibleRow(id, user);
    const org = this.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.orgId)).get();
    const trade = this.db
      .select({ id: trades.id, name: trades.name, nameEn: trades.nameEn })
      .from(trades)
      .where(eq(trades.id, c.tradeId))
      .get();
    const organizer = !!user && hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId);
    const sessions = this.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.classId, id))
      .orderBy(asc(trainingSessions.startsAt))
      .all();
    return {
      ...this.summary(c, { orgName: org?.name ?? null, trade: trade ?? null }),
      description: c.description,
      sessions: sessions.map((s) => ({
        id: s.id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        ...(organizer ? { checkInToken: s.checkInToken } : {}),
      })),
    };
  }

  list(
    q: { status?: ClassRow['status']; tradeId?: number; orgId?: number; open?: boolean; q?: string; page: number; pageSize: number },
    user: AuthUser | undefined,
  ) {
    const conds: SQL[] = [];
    const prefix = user && hasRole(user, 'organizer', 'admin') ? this.scope.prefixFor(user) : null;
    conds.push(
      prefix
        ? sql`(${trainingClasses.status} <> 'draft' or ${trainingClasses.orgId} in ${orgSubtreeIds(prefix)})`
        : sql`${trainingClasses.status} <> 'draft'`,
    );
    if (q.status) conds.push(eq(trainingClasses.status, q.status));
    if (q.tradeId) conds.push(eq(trainingClasses.tradeId, q.tradeId));
    if (q.orgId) {
      const p = this.db.select({ path: organisations.path }).from(organisations).where(eq(organisations.id, q.orgId)).get()?.path;
      conds.push(p ? sql`${trainingClasses.orgId} in ${orgSubtreeIds(p)}` : sql`0`);
    }
    if (q.open) {
      const now = new Date().toISOString();
      conds.push(
        sql`${trainingClasses.enrolOpensAt} <= ${now} and ${trainingClasses.enrolClosesAt} > ${now} and ${trainingClasses.status} = 'published'`,
      );
    }
    if (q.q?.trim()) conds.push(like(trainingClasses.title, `%${q.q.trim()}%`));
    const where = and(...conds);
    const total =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(trainingClasses)
        .where(where)
        .get()?.n ?? 0;
    const rows = this.db
      .select({ c: trainingClasses, orgName: organisations.name, tradeName: trades.name, tradeNameEn: trades.nameEn })
      .from(trainingClasses)
      .leftJoin(organisations, eq(organisations.id, trainingClasses.orgId))
      .leftJoin(trades, eq(trades.id, trainingClasses.tradeId))
      .where(where)
      .orderBy(desc(trainingClasses.firstSessionAt), desc(trainingClasses.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all();
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

  /** Same seat guarantee as registrations: a conditional counter update inside one IMMEDIATE transaction. */
  enrol(classId: number, user: AuthUser, now = new Date()) {
    return writeTx(this.db, () => {
      const c = this.db.select().from(trainingClasses).where(eq(trainingClasses.id, classId)).get();
      if (!c || c.status !== 'published') throw notFound('training');
      if (!(c.enrolOpensAt <= now.toISOString() && now.toISOString() < c.enrolClosesAt)) throw conflict('ENROLMENT_CLOSED');
      const profile = this.db.$client
        .prepare(
          'select id_number as idNumber, employer_org_id as employerOrgId, trade_id as tradeId from worker_profiles where user_id = ?',
        )
        .get(user.id) as { idNumber: string | null; employerOrgId: number | null; tradeId: number | null } | undefined;
      if (!profile || !isProfileComplete(profile)) throw conflict('PROFILE_INCOMPLETE');
      const live = this.db
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(
          and(eq(enrolments.classId, classId), eq(enrolments.workerId, user.id), inArray(enrolments.status, ['enrolled', 'waitlisted'])),
        )
        .get();
      if (live) throw conflict('ALREADY_ENROLLED');
      let status: 'enrolled' | 'waitlisted' =
        admit({ capacity: c.capacity, taken: c.taken, waiting: c.waitlistedCount }, false) === 'waitlisted' ? 'waitlisted' : 'enrolled';
      let seq: number | null = null;
      if (status === 'enrolled') {
        const took = this.db.$client
          .prepare('update training_classes set taken = taken + 1 where id = ? and taken < capacity and waitlisted_count = 0')
          .run(classId).changes;
        if (took !== 1) status = 'waitlisted';
      }
      if (status === 'waitlisted') {
        seq = (
          this.db.$client
            .prepare(
              'update training_classes set waitlist_seq = waitlist_seq + 1, waitlisted_count = waitlisted_count + 1 where id = ? returning waitlist_seq as s',
            )
            .get(classId) as { s: number }
        ).s;
      }
      const row = this.db.insert(enrolments).values({ classId, workerId: user.id, status, waitlistSeq: seq }).returning().get();
      this.audit.record({
        actorId: user.id,
        action: 'enrolment.create',
        entity: 'enrolment',
        entityId: row.id,
        after: { status, waitlistSeq: seq },
      });
      return { id: row.id, classId, status, waitlistPosition: seq == null ? null : this.position(classId, seq) };
    });
  }

  private position(classId: number, seq: number): number {
    return (
      this.db.$client
        .prepare("select count(*) n from enrolments where class_id = ? and status = 'waitlisted' and waitlist_seq <= ?")
        .get(classId, seq) as { n: number }
    ).n;
  }

  /** DELETE /api/enrolments/:id — the worker (until enrolment closes) or an organizer in scope; frees the seat for the first waiting. */
  cancel(id: number, user: AuthUser, now = new Date()) {
    return writeTx(this.db, () => {
      const e = this.db.select().from(enrolments).where(eq(enrolments.id, id)).get();
      if (!e) throw notFound('enrolment');
      const c = this.db.select().from(trainingClasses).where(eq(trainingClasses.id, e.classId)).get()!;
      const organizer = hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId);
      if (e.workerId !== user.id && !organizer) throw notFound('enrolment');
      if (!organizer && now.toISOString() >= c.enrolClosesAt) throw conflict('ENROLMENT_CLOSED');
      if (e.status === 'cancelled') throw conflict('INVALID_STATE', { detail: e.status });
      let promoted: { id: number; status: 'enrolled' } | null = null;
      if (e.status === 'waitlisted') {
        this.db
          .update(trainingClasses)
          .set({ waitlistedCount: sql`${trainingClasses.waitlistedCount} - 1` })
          .where(eq(trainingClasses.id, c.id))
          .run();
      } else {
        const first = this.db
          .select()
          .from(enrolments)
          .where(and(eq(enrolments.classId, c.id), eq(enrolments.status, 'waitlisted')))
          .orderBy(asc(enrolments.waitlistSeq))
          .limit(1)
          .get();
        if (first && c.taken - 1 < c.capacity) {
          this.db.update(enrolments).set({ status: 'enrolled', waitlistSeq: null }).where(eq(enrolments.id, first.id)).run();
          this.db
            .update(trainingClasses)
            .set({ waitlistedCount: sql`${trainingClasses.waitlistedCount} - 1` })
            .where(eq(trainingClasses.id, c.id))
            .run();
          this.audit.record({
            actorId: user.id,
            action: 'enrolment.promoted_from_waitlist',
            entity: 'enrolment',
            entityId: first.id,
            before: { status: 'waitlisted' },
            after: { status: 'enrolled' },
          });
          promoted = { id: first.id, status: 'enrolled' };
        } else {
          this.db
            .update(trainingClasses)
            .set({ taken: sql`${trainingClasses.taken} - 1` })
            .where(eq(trainingClasses.id, c.id))
            .run();
        }
      }
      this.db.update(enrolments).set({ status: 'cancelled', waitlistSeq: null }).where(eq(enrolments.id, id)).run();
      this.audit.record({
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
  mine(userId: number) {
    const rows = this.db
      .select({ e: enrolments, c: trainingClasses, tradeName: trades.name })
      .from(enrolments)
      .innerJoin(trainingClasses, eq(trainingClasses.id, enrolments.classId))
      .innerJoin(trades, eq(trades.id, trainingClasses.tradeId))
      .where(eq(enrolments.workerId, userId))
      .orderBy(desc(enrolments.id))
      .all();
    const classIds = [...new Set(rows.map((r) => r.c.id))];
    const sessions = classIds.length
      ? this.db
          .select()
          .from(trainingSessions)
          .where(inArray(trainingSessions.classId, classIds))
          .orderBy(asc(trainingSessions.startsAt))
          .all()
      : [];
    return rows.map(({ e, c, tradeName }) => ({
      id: e.id,
      status: e.status,
      completed: e.completed,
      waitlistPosition: e.status === 'waitlisted' && e.waitlistSeq != null ? this.position(c.id, e.waitlistSeq) : null,
      training: { id: c.id, title: c.title, trade: tradeName, venue: c.venue, status: c.status, enrolClosesAt: c.enrolClosesAt },
      sessions: sessions.filter((s) => s.classId === c.id).map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt })),
    }));
  }

  /** Organizer's roster of a class. */
  roster(classId: number, user: AuthUser) {
    this.managed(classId, user);
    return this.db
      .select({
        id: enrolments.id,
        workerId: enrolments.workerId,
        name: users.name,
        status: enrolments.status,
        waitlistSeq: enrolments.waitlistSeq,
        completed: enrolments.completed,
      })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.workerId))
      .where(eq(enrolments.classId, classId))
      .orderBy(asc(enrolments.id))
      .all();
  }

  ensureWorker(user: AuthUser) {
    if (!hasRole(user, 'worker')) throw new AppError(403, 'FORBIDDEN');
  }
}
