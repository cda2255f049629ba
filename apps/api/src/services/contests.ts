import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { DEFAULT_AWARD_CONFIG, parseAwardConfig, seatsLeft, type ContestTier, type SkillLevel } from '@gongjiang/domain';
import { writeTx, type Db } from '../db';
import { contests, criteria, events, organisations, promotionRules, trades } from '../db/schema';
import { conflict, defineMessages, notFound, validation } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole, orgSubtreeIds } from '../plugins/auth';
import type { AuditService } from './audit';
import { insertCriteria, insertPromotionRules, normaliseEvent, type EventInput } from './event-scheme';

export type { EventInput };

defineMessages({
  EVENT_EXISTS: { zh: '该比赛已有此工种的赛项', en: 'This contest already has an event for that trade' },
  NO_EVENTS: { zh: '比赛至少需要一个赛项才能发布', en: 'A contest needs at least one event before it can be published' },
  NOT_DRAFT: { zh: '只有草稿状态的比赛可以执行此操作', en: 'Only a draft contest can be changed this way' },
});

export interface ContestInput {
  title: string;
  description?: string | null;
  tier: ContestTier;
  orgId: number;
  inPlan: boolean;
  venue?: string | null;
  registrationOpensAt: string;
  registrationClosesAt: string;
  startsAt: string;
  endsAt: string;
}

/** The fields a contest's form sets; status, id, owner and timestamps change only through their actions. */
const CONTEST_FIELDS = [
  'title',
  'description',
  'tier',
  'orgId',
  'inPlan',
  'venue',
  'registrationOpensAt',
  'registrationClosesAt',
  'startsAt',
  'endsAt',
] as const satisfies readonly (keyof ContestInput)[];

/** Only the contest fields of an input, whatever else it carries (the schema refuses others; this is the second lock). */
function contestFields(input: Partial<ContestInput>): Partial<ContestInput> {
  const out: Record<string, unknown> = {};
  for (const f of CONTEST_FIELDS) if (input[f] !== undefined) out[f] = input[f];
  if (typeof out.title === 'string') out.title = out.title.trim();
  return out as Partial<ContestInput>;
}

type ContestRow = typeof contests.$inferSelect;
type EventRow = typeof events.$inferSelect;

export class ContestsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly scope: OrgScope,
  ) {}

  private checkDates(c: Pick<ContestInput, 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt' | 'endsAt'>) {
    const t = (s: string) => new Date(s).getTime();
    if (!(t(c.registrationOpensAt) < t(c.registrationClosesAt)))
      throw validation('registrationClosesAt: must be after registrationOpensAt');
    if (t(c.registrationClosesAt) > t(c.startsAt)) throw validation('startsAt: registration must close before the contest starts');
    if (!(t(c.startsAt) <= t(c.endsAt))) throw validation('endsAt: must not be before startsAt');
  }

  /** A contest the caller may see: published ones for everyone, drafts only for organizers in scope. */
  visible(id: number, user: AuthUser | undefined): ContestRow {
    const c = this.db.select().from(contests).where(eq(contests.id, id)).get();
    if (!c) throw notFound('contest');
    if (c.status === 'draft' && !(user && hasRole(user, 'organizer', 'admin') && this.scope.contains(user, c.orgId)))
      throw notFound('contest');
    return c;
  }

  /** A contest the organizer may change: in their subtree. */
  managed(id: number, user: AuthUser): ContestRow {
    const c = this.db.select().from(contests).where(eq(contests.id, id)).get();
    if (!c || !this.scope.contains(user, c.orgId)) throw notFound('contest');
    return c;
  }

  create(input: ContestInput, user: AuthUser) {
    this.scope.assert(user, input.orgId, 'organisation');
    this.checkDates(input);
    return writeTx(this.db, () => {
      const row = this.db
        .insert(contests)
        .values({ ...(contestFields(input) as ContestInput), status: 'draft', createdBy: user.id })
        .returning()
        .get();
      this.audit.record({ actorId: user.id, action: 'contest.create', entity: 'contest', entityId: row.id, after: contestFields(input) });
      return row;
    });
  }

  update(id: number, input: Partial<ContestInput>, user: AuthUser) {
    const c = this.managed(id, user);
    const patch = contestFields(input);
    if (Object.keys(patch).length === 0) throw validation('body: name at least one field to change');
    if (patch.orgId !== undefined) this.scope.assert(user, patch.orgId, 'organisation');
    const next = { ...c, ...patch };
    this.checkDates(next);
    return writeTx(this.db, () => {
      const row = this.db.update(contests).set(patch).where(eq(contests.id, id)).returning().get();
      this.audit.record({ actorId: user.id, action: 'contest.update', entity: 'contest', entityId: id, before: c, after: patch });
      return row;
    });
  }

  publish(id: number, user: AuthUser) {
    const c = this.managed(id, user);
    if (c.status !== 'draft') throw conflict('NOT_DRAFT');
    return writeTx(this.db, () => {
      const n =
        this.db
          .select({ n: sql<number>`count(*)` })
          .from(events)
          .where(eq(events.contestId, id))
          .get()?.n ?? 0;
      if (n === 0) throw conflict('NO_EVENTS');
      const row = this.db.update(contests).set({ status: 'published' }).where(eq(contests.id, id)).returning().get();
      this.audit.record({
        actorId: user.id,
        action: 'contest.publish',
        entity: 'contest',
        entityId: id,
        before: { status: c.status },
        after: { status: 'published' },
      });
      return row;
    });
  }

  cancel(id: number, user: AuthUser, reason: string) {
    const c = this.managed(id, user);
    return writeTx(this.db, () => {
      const row = this.db.update(contests).set({ status: 'cancelled' }).where(eq(contests.id, id)).returning().get();
      this.audit.record({
        actorId: user.id,
        action: 'contest.cancel',
        entity: 'contest',
        entityId: id,
        before: { status: c.status },
        after: { status: 'cancelled' },
        reason,
      });
      return row;
    });
  }

  addEvent(contestId: number, input: EventInput, user: AuthUser) {
    const c = this.managed(contestId, user);
    if (c.status === 'cancelled') throw conflict('NOT_DRAFT');
    if (!this.db.select({ id: trades.id }).from(trades).where(eq(trades.id, input.tradeId)).get())
      throw validation('tradeId: unknown trade');
    const n = normaliseEvent(input, c.tier);
    return writeTx(this.db, () => {
      const dup = this.db
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.contestId, contestId), eq(events.tradeId, input.tradeId)))
        .get();
      if (dup) throw conflict('EVENT_EXISTS');
      const ev = this.db
        .insert(events)
        .values({ contestId, ...n.event })
        .returning()
        .get();
      const crit = insertCriteria(this.db, ev.id, n.criteria);
      const rules = insertPromotionRules(this.db, ev.id, n.rules);
      this.audit.record({ actorId: user.id, action: 'event.create', entity: 'event', entityId: ev.id, after: input });
      return this.describeEvent(ev, crit, rules);
    });
  }

  describeEvent(ev: EventRow, crit?: (typeof criteria.$inferSelect)[], rules?: (typeof promotionRules.$inferSelect)[]) {
    crit ??= this.db.select().from(criteria).where(eq(criteria.eventId, ev.id)).orderBy(asc(criteria.position)).all();
    rules ??= this.db.select().from(promotionRules).where(eq(promotionRules.eventId, ev.id)).orderBy(asc(promotionRules.position)).all();
    const trade = this.db
      .select({ id: trades.id, code: trades.code, name: trades.name, nameEn: trades.nameEn })
      .from(trades)
      .where(eq(trades.id, ev.tradeId))
      .get();
    return {
      id: ev.id,
      contestId: ev.contestId,
      tradeId: ev.tradeId,
      trade: trade ?? null,
      targetLevel: ev.targetLevel as SkillLevel | null,
      capacity: ev.capacity,
      confirmed: ev.confirmedCount,
      pending: ev.taken - ev.confirmedCount,
      waitlisted: ev.waitlistedCount,
      seatsLeft: seatsLeft(ev),
      requiresApproval: ev.requiresApproval,
      venue: ev.venue,
      eligibility: {
        minLevel: ev.minLevel as SkillLevel | null,
        maxLevel: ev.maxLevel as SkillLevel | null,
        minAge: ev.minAge,
        maxAge: ev.maxAge,
        unionMemberOnly: ev.unionMemberOnly,
      },
      scoring: {
        theoryWeight: ev.theoryWeight,
        practicalWeight: ev.practicalWeight,
        aggregation: ev.aggregation,
        passMark: ev.passMark,
        criteria: crit.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, kind: c.kind })),
        awards: parseAwardConfig(ev.awards) ?? DEFAULT_AWARD_CONFIG,
      },
      // api-contract.md: POST /api/contests/:id/events → 201 {id, criteria: [{id, ...}]} (the same list as scoring.criteria)
      criteria: crit.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, kind: c.kind })),
      promotionRules: rules.map((r) => ({
        id: r.id,
        fromRank: r.fromRank,
        toRank: r.toRank,
        topPercent: r.topPercent,
        targetLevel: r.targetLevel as SkillLevel,
        capLevel: r.capLevel as SkillLevel,
        title: r.title,
      })),
      drawn: !!ev.drawnAt,
      resultsPublished: !!ev.resultsPublishedAt,
    };
  }

  /** GET /api/contests/:id — the contest with each event's seats. */
  detail(id: number, user: AuthUser | undefined) {
    const c = this.visible(id, user);
    const org = this.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.orgId)).get();
    const evs = this.db.select().from(events).where(eq(events.contestId, id)).orderBy(asc(events.id)).all();
    return { ...this.summary(c, org?.name ?? null), description: c.description, events: evs.map((e) => this.describeEvent(e)) };
  }

  private summary(c: ContestRow, orgName: string | null) {
    return {
      id: c.id,
      title: c.title,
      tier: c.tier,
      orgId: c.orgId,
      orgName,
      inPlan: c.inPlan,
      status: c.status,
      venue: c.venue,
      registrationOpensAt: c.registrationOpensAt,
      registrationClosesAt: c.registrationClosesAt,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
    };
  }

  /** GET /api/contests — published contests; organizers also see their subtree's drafts. */
  list(
    q: {
      status?: 'draft' | 'published' | 'cancelled';
      tradeId?: number;
      tier?: ContestTier;
      orgId?: number;
      open?: boolean;
      q?: string;
      page: number;
      pageSize: number;
    },
    user: AuthUser | undefined,
  ) {
    const conds: SQL[] = [];
    const prefix = user && hasRole(user, 'organizer', 'admin') ? this.scope.prefixFor(user) : null;
    const visibility = prefix
      ? sql`(${contests.status} = 'published' or ${contests.orgId} in ${orgSubtreeIds(prefix)})`
      : sql`${contests.status} = 'published'`;
    conds.push(visibility);
    if (q.status) conds.push(eq(contests.status, q.status));
    if (q.tier) conds.push(eq(contests.tier, q.tier));
    if (q.tradeId) conds.push(sql`exists (select 1 from events e where e.contest_id = ${contests.id} and e.trade_id = ${q.tradeId})`);
    if (q.orgId) {
      const p = this.db.select({ path: organisations.path }).from(organisations).where(eq(organisations.id, q.orgId)).get()?.path;
      conds.push(p ? sql`${contests.orgId} in ${orgSubtreeIds(p)}` : sql`0`);
    }
    if (q.open) {
      const now = new Date().toISOString();
      conds.push(
        sql`${contests.registrationOpensAt} <= ${now} and ${contests.registrationClosesAt} > ${now} and ${contests.status} = 'published'`,
      );
    }
    if (q.q?.trim()) conds.push(like(contests.title, `%${q.q.trim()}%`));
    const where = and(...conds);
    const total =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(contests)
        .where(where)
        .get()?.n ?? 0;
    const rows = this.db
      .select({ c: contests, orgName: organisations.name })
      .from(contests)
      .leftJoin(organisations, eq(organisations.id, contests.orgId))
      .where(where)
      .orderBy(desc(contests.startsAt), desc(contests.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all();
    const ids = rows.map((r) => r.c.id);
    const evs = ids.length
      ? this.db
          .select({ e: events, tradeName: trades.name, tradeNameEn: trades.nameEn })
          .from(events)
          .innerJoin(trades, eq(trades.id, events.tradeId))
          .where(inArray(events.contestId, ids))
          .orderBy(asc(events.id))
          .all()
      : [];
    const items = rows.map((r) => ({
      ...this.summary(r.c, r.orgName),
      events: evs
        .filter((x) => x.e.contestId === r.c.id)
        .map((x) => ({
          id: x.e.id,
          trade: { id: x.e.tradeId, name: x.tradeName, nameEn: x.tradeNameEn },
          capacity: x.e.capacity,
          confirmed: x.e.confirmedCount,
          waitlisted: x.e.waitlistedCount,
          seatsLeft: seatsLeft(x.e),
        })),
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}
