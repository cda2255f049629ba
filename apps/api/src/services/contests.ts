import { DEFAULT_AWARD_CONFIG, parseAwardConfig, seatsLeft, type ContestTier, type SkillLevel } from '@gongjiang/domain';
import type { Database, Handle } from '../data/database';
import {
  contestById,
  criteriaOf,
  eventCount,
  eventOfTrade,
  eventsOfContest,
  insertContest,
  insertCriteria,
  insertEvent,
  insertPromotionRules,
  listContests,
  orgName,
  promotionRuleOf,
  promotionRulesOf,
  updateContest,
  type ContestRow,
  type CriterionRow,
  type PromotionRuleRow,
} from '../data/repos/contests';
import type { EventRow } from '../data/repos/events';
import { tradeById } from '../data/repos/trades';
import { conflict, defineMessages, notFound, validation } from '../lib/errors';
import messages from '../messages/contests.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { normaliseEvent, type EventInput } from './event-scheme';
import { hasRole, type Caller, type Scope } from './scope';
import { checkQualifiesFrom, qualifiesFromOf, saveQualifiesFrom } from './stages';

export type { EventInput };

defineMessages(messages);

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

export class ContestsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly scope: Scope,
  ) {}

  private checkDates(c: Pick<ContestInput, 'registrationOpensAt' | 'registrationClosesAt' | 'startsAt' | 'endsAt'>) {
    const t = (s: string) => new Date(s).getTime();
    if (!(t(c.registrationOpensAt) < t(c.registrationClosesAt)))
      throw validation('registrationClosesAt: must be after registrationOpensAt', 'registrationClosesAt', 'order');
    if (t(c.registrationClosesAt) > t(c.startsAt))
      throw validation('startsAt: registration must close before the contest starts', 'startsAt', 'order');
    if (!(t(c.startsAt) <= t(c.endsAt))) throw validation('endsAt: must not be before startsAt', 'endsAt', 'order');
  }

  /** A contest the caller may see: published ones for everyone, drafts only for organizers in scope. */
  async visible(id: number, user: Caller | undefined, h: Handle = this.db.read): Promise<ContestRow> {
    const c = await contestById(h, id);
    if (!c) throw notFound('contest');
    if (c.status === 'draft' && !(await this.scope.manages(user, c.orgId))) throw notFound('contest');
    return c;
  }

  /** A contest the organizer may change: in their subtree. */
  async managed(id: number, user: Caller, h: Handle = this.db.read): Promise<ContestRow> {
    const c = await contestById(h, id);
    if (!c || !(await this.scope.contains(user, c.orgId))) throw notFound('contest');
    return c;
  }

  async create(input: ContestInput, user: Caller) {
    await this.scope.assert(user, input.orgId, 'organisation');
    this.checkDates(input);
    const fields = contestFields(input) as ContestInput;
    return this.db.tx(async (t) => {
      const row = await insertContest(t, { ...fields, status: 'draft', createdBy: user.id });
      await this.audit.record(t, { actorId: user.id, action: 'contest.create', entity: 'contest', entityId: row.id, after: fields });
      return row;
    });
  }

  async update(id: number, input: Partial<ContestInput>, user: Caller) {
    const patch = contestFields(input);
    if (Object.keys(patch).length === 0) throw validation('body: name at least one field to change', '', 'required');
    if (patch.orgId !== undefined) await this.scope.assert(user, patch.orgId, 'organisation');
    return this.db.tx(async (t) => {
      await t.lock('contests', id);
      const c = await this.managed(id, user, t);
      this.checkDates({ ...c, ...patch });
      const row = await updateContest(t, id, patch);
      await this.audit.record(t, { actorId: user.id, action: 'contest.update', entity: 'contest', entityId: id, before: c, after: patch });
      return row;
    });
  }

  publish(id: number, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('contests', id);
      const c = await this.managed(id, user, t);
      if (c.status !== 'draft') throw conflict('NOT_DRAFT');
      if ((await eventCount(t, id)) === 0) throw conflict('NO_EVENTS');
      const row = await updateContest(t, id, { status: 'published' });
      await this.audit.record(t, {
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

  cancel(id: number, user: Caller, reason: string) {
    return this.db.tx(async (t) => {
      await t.lock('contests', id);
      const c = await this.managed(id, user, t);
      const row = await updateContest(t, id, { status: 'cancelled' });
      await this.audit.record(t, {
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

  async addEvent(contestId: number, input: EventInput, user: Caller) {
    if (!(await tradeById(this.db.read, input.tradeId))) throw validation('tradeId: unknown trade', 'tradeId', 'unknown_ref');
    return this.db.tx(async (t) => {
      // the contest is the lock root: two events of one trade cannot both pass the check below
      await t.lock('contests', contestId);
      const c = await this.managed(contestId, user, t);
      if (c.status === 'cancelled') throw conflict('NOT_DRAFT');
      const n = normaliseEvent(input, c.tier);
      const stages = input.qualifiesFrom?.length
        ? await checkQualifiesFrom(t, this.scope, { eventId: null, orgId: c.orgId }, input.qualifiesFrom)
        : [];
      if (await eventOfTrade(t, contestId, input.tradeId)) throw conflict('EVENT_EXISTS');
      const ev = await insertEvent(t, { contestId, ...n.event });
      const crit = await insertCriteria(t, ev.id, n.criteria);
      const rules = await insertPromotionRules(t, ev.id, n.rules);
      if (stages.length) await saveQualifiesFrom(t, ev.id, stages);
      await this.audit.record(t, { actorId: user.id, action: 'event.create', entity: 'event', entityId: ev.id, after: input });
      return this.describeEvent(ev, t, crit, rules);
    });
  }

  async describeEvent(ev: EventRow, h: Handle = this.db.read, crit?: CriterionRow[], rules?: PromotionRuleRow[]) {
    crit ??= await criteriaOf(h, ev.id);
    rules ??= await promotionRulesOf(h, ev.id);
    const trade = await tradeById(h, ev.tradeId);
    const qualifiesFrom = (await qualifiesFromOf(h, [ev.id])).get(ev.id)!;
    return {
      id: ev.id,
      contestId: ev.contestId,
      tradeId: ev.tradeId,
      trade: trade ? { id: trade.id, code: trade.code, name: trade.name, nameEn: trade.nameEn } : null,
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
      promotionRules: rules.map((r) => ({ id: r.id, ...promotionRuleOf(r) })),
      drawn: !!ev.drawnAt,
      resultsPublished: !!ev.resultsPublishedAt,
      qualifiesFrom,
      appealHours: ev.appealHours,
      registrationMode: ev.registrationMode,
    };
  }

  /** GET /api/contests/:id — the contest with each event's seats. */
  async detail(id: number, user: Caller | undefined) {
    const c = await this.visible(id, user);
    const [owner, evs] = await Promise.all([orgName(this.db.read, c.orgId), eventsOfContest(this.db.read, id)]);
    const events = [];
    for (const e of evs) events.push(await this.describeEvent(e));
    return { ...this.summary(c, owner), description: c.description, events };
  }

  private summary(c: ContestRow, owner: string | null) {
    return {
      id: c.id,
      title: c.title,
      tier: c.tier,
      orgId: c.orgId,
      orgName: owner,
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
  async list(
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
    user: Caller | undefined,
  ) {
    const visiblePath = user && hasRole(user, 'organizer', 'admin') ? await this.scope.prefixFor(user) : null;
    const ownerPath = q.orgId ? ((await this.scope.pathOf(q.orgId)) ?? null) : undefined;
    const { total, rows, events } = await listContests(this.db.read, {
      status: q.status,
      tradeId: q.tradeId,
      tier: q.tier,
      ownerPath,
      visiblePath,
      openAt: q.open ? new Date().toISOString() : undefined,
      q: q.q,
      page: q.page,
      pageSize: q.pageSize,
    });
    const items = rows.map((r) => ({
      ...this.summary(r.c, r.orgName),
      events: events
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
