import {
  isConflicted,
  judgementSpreadsFor,
  marksThatCount,
  missingCells,
  normaliseBib,
  sheetProgress,
  validateMark,
  type CriterionKind,
  type JudgeMark,
} from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import {
  activeUser,
  assignment,
  assignments,
  chiefAssignment,
  contestantByBib,
  contestantNames,
  contestants,
  criteria,
  criterionOf,
  deleteScore,
  eventInfo,
  eventMarks,
  insertAssignment,
  judgeEvents,
  judgeMarks,
  scoreCell,
  setChief,
  setSubmitted,
  upsertScore,
  type Assignment,
  type Contestant,
  type EventInfo,
} from '../data/repos/judging';
import { AppError, conflict, defineMessages, forbidden, notFound, validation, type Lang } from '../lib/errors';
import messages from '../messages/judging.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import { assertOnTime } from './timing';
import { hasRole, type Caller, type Scope } from './scope';

export type { Assignment, Contestant, Criterion, EventInfo, EventMarks } from '../data/repos/judging';

defineMessages(messages);

type Params = Record<string, string | number>;

/**
 * An AppError with extra fields for the error body (which cells, which rows) and, where a
 * message is assembled from parts, the parts in each language.
 */
export class DetailedError extends AppError {
  constructor(
    statusCode: number,
    code: string,
    params: Params,
    /** further fields of the error body, sent by the app's error handler (AppError.extra) */
    details: Record<string, unknown>,
    private readonly localParams?: Record<Lang, Params>,
  ) {
    super(statusCode, code, params, undefined, details);
  }

  override messageIn(lang: Lang): string {
    if (!this.localParams) return super.messageIn(lang);
    return new AppError(this.statusCode, this.code, { ...this.params, ...this.localParams[lang] }).messageIn(lang);
  }
}

/** Who may see and act on an event's judging: its organizers, its judges, its chief judge. Reads through `h`. */
export class JudgingAccess {
  constructor(private readonly scope: Scope) {}

  async event(h: Handle, eventId: number): Promise<EventInfo> {
    const ev = await eventInfo(h, eventId);
    if (!ev) throw notFound('event');
    return ev;
  }

  /** An organizer (or admin) whose subtree holds the event's contest. */
  isManager(user: Caller | undefined, ev: EventInfo): Promise<boolean> {
    return this.scope.manages(user, ev.orgId);
  }

  /** The event for an organizer in scope; anyone else gets 404 (the contract hides what is out of scope). */
  async managed(h: Handle, eventId: number, user: Caller): Promise<EventInfo> {
    const ev = await this.event(h, eventId);
    if (!(await this.isManager(user, ev))) throw notFound('event');
    return ev;
  }

  /** The caller's own assignment as a judge, else 404. */
  async ownAssignment(h: Handle, eventId: number, user: Caller): Promise<Assignment> {
    const a = hasRole(user, 'judge') ? await assignment(h, eventId, user.id) : undefined;
    if (!a) throw notFound('event');
    return a;
  }

  /** Organizer in scope, or the event's chief judge; another judge of the panel 403; anyone else 404. */
  async managerOrChief(h: Handle, eventId: number, user: Caller): Promise<{ ev: EventInfo; manager: boolean }> {
    const ev = await this.event(h, eventId);
    if (await this.isManager(user, ev)) return { ev, manager: true };
    // another judge of the panel sees the event, so the contract's "wrong role inside one's scope" applies: 403
    const assigned = hasRole(user, 'judge') ? await assignment(h, eventId, user.id) : undefined;
    if (assigned?.chief) return { ev, manager: false };
    if (assigned) throw forbidden();
    throw notFound('event');
  }
}

export interface ScoreInput {
  bib: string;
  criterionId: number;
  score: number | null;
}

export interface ScoreSaved {
  bib: string;
  criterionId: number;
  score: number | null;
  savedAt: string;
  changed: boolean;
}

const fmt = (x: number) => String(x);

export class JudgingService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    readonly access: JudgingAccess,
  ) {}

  /** The contestants a judge may see and score: conflicted ones (same employer) are left out (domain.md § Scoring, 回避). */
  private async sheetContestants(h: Handle, eventId: number, judgeOrgId: number | null): Promise<Contestant[]> {
    return (await contestants(h, eventId)).filter((c) => !isConflicted(judgeOrgId, c.employerOrgId));
  }

  /** POST /api/events/:id/judges — one chief per event: a new chief demotes the old one. */
  assign(eventId: number, input: { userId: number; chief?: boolean }, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const ev = await this.access.managed(t, eventId, user);
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const judge = await activeUser(t, input.userId);
      if (!judge) throw notFound('user');
      if (!judge.roles.includes('judge')) throw validation('userId: this user does not have the judge role', 'userId', 'invalid');
      if (await assignment(t, eventId, judge.id)) throw conflict('ALREADY_ASSIGNED');
      const chief = input.chief === true;
      const now = new Date().toISOString();
      let demotedChiefId: number | null = null;
      if (chief) {
        const old = await chiefAssignment(t, eventId);
        if (old) {
          await setChief(t, old.id, false, now);
          demotedChiefId = old.judgeId;
          await this.audit.record(t, {
            actorId: user.id,
            action: 'judge.demote_chief',
            entity: 'judge_assignment',
            entityId: old.id,
            before: { eventId, judgeId: old.judgeId, chief: true },
            after: { chief: false },
            reason: 'a new chief judge was assigned',
          });
        }
      }
      const id = await insertAssignment(t, { eventId, judgeId: judge.id, chief });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'judge.assign',
        entity: 'judge_assignment',
        entityId: id,
        after: { eventId, judgeId: judge.id, chief },
      });
      return { id, eventId, judgeId: judge.id, name: judge.name, employer: judge.employer, chief, submittedAt: null, demotedChiefId };
    });
  }

  /**
   * GET /api/events/:id/judges — the panel with each sheet's progress, and per contestant how many
   * judges remain once conflicts of interest are left out.
   */
  async roster(eventId: number, user: Caller) {
    const h = this.db.read;
    await this.access.managed(h, eventId, user);
    const [judges, criterionIds, people, names, marks] = await Promise.all([
      assignments(h, eventId),
      criteria(h, eventId).then((cs) => cs.map((c) => c.id)),
      contestants(h, eventId),
      contestantNames(h, eventId),
      eventMarks(h, eventId),
    ]);
    const markedBy = new Map<number, { contestant: number; criterion: number }[]>();
    marks.judgeIds.forEach((judgeId, i) => {
      const list = markedBy.get(judgeId) ?? [];
      if (!list.length) markedBy.set(judgeId, list);
      list.push({ contestant: marks.registrationIds[i]!, criterion: marks.criterionIds[i]! });
    });
    return {
      judges: judges.map((j) => {
        const mine = people.filter((c) => !isConflicted(j.orgId, c.employerOrgId)).map((c) => c.registrationId);
        return {
          judgeId: j.judgeId,
          name: j.name,
          employer: j.employer,
          chief: j.chief,
          submittedAt: j.submittedAt,
          locked: !!j.submittedAt,
          recused: people.length - mine.length,
          progress: sheetProgress(mine, criterionIds, markedBy.get(j.judgeId) ?? []),
        };
      }),
      contestants: people.map((c) => {
        const recusedJudgeIds = judges.filter((j) => isConflicted(j.orgId, c.employerOrgId)).map((j) => j.judgeId);
        return {
          registrationId: c.registrationId,
          bib: c.bib,
          name: names.get(c.registrationId)?.name ?? '',
          employer: names.get(c.registrationId)?.employer ?? null,
          judges: judges.length - recusedJudgeIds.length,
          recusedJudgeIds,
        };
      }),
    };
  }

  /** GET /api/judging/events — the caller's assignments with their progress. Nothing about contestants. */
  async myAssignments(user: Caller) {
    const h = this.db.read;
    const judgeOrg = (await activeUser(h, user.id))?.orgId ?? null;
    return Promise.all(
      (await judgeEvents(h, user.id)).map(async (a) => {
        const [mine, criterionIds, marked] = await Promise.all([
          this.sheetContestants(h, a.eventId, judgeOrg),
          criteria(h, a.eventId),
          judgeMarks(h, a.eventId, user.id),
        ]);
        return {
          eventId: a.eventId,
          contestId: a.contestId,
          contestTitle: a.contestTitle,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          trade: { id: a.tradeId, name: a.tradeName, nameEn: a.tradeNameEn },
          chief: a.chief,
          locked: !!a.submittedAt,
          submittedAt: a.submittedAt,
          resultsPublished: !!a.resultsPublishedAt,
          progress: sheetProgress(
            mine.map((c) => c.registrationId),
            criterionIds.map((c) => c.id),
            marked.map((m) => ({ contestant: m.registrationId, criterion: m.criterionId })),
          ),
        };
      }),
    );
  }

  /** GET /api/judging/events/:id/sheet — blind numbers only; conflicted contestants left out. */
  async sheet(eventId: number, user: Caller) {
    const h = this.db.read;
    const a = await this.access.ownAssignment(h, eventId, user);
    const [criterionList, people, marks] = await Promise.all([
      criteria(h, eventId),
      this.sheetContestants(h, eventId, a.orgId),
      judgeMarks(h, eventId, user.id),
    ]);
    const mine = new Map<number, Record<string, number>>();
    for (const m of marks) {
      let row = mine.get(m.registrationId);
      if (!row) mine.set(m.registrationId, (row = {}));
      row[m.criterionId] = m.score;
    }
    return {
      criteria: criterionList.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, kind: c.kind })),
      locked: !!a.submittedAt,
      submittedAt: a.submittedAt,
      contestants: people.map((c) => {
        const row = mine.get(c.registrationId) ?? {};
        return {
          bib: c.bib,
          scores: Object.fromEntries(criterionList.map((k) => [String(k.id), row[k.id] ?? null])) as Record<string, number | null>,
        };
      }),
    };
  }

  /**
   * One cell, inside the caller's transaction. Idempotent: the same value writes nothing and
   * audits nothing; a changed value (or a cleared cell) is written and audited old → new.
   */
  private async saveCell(t: Tx, eventId: number, a: Assignment, user: Caller, input: ScoreInput): Promise<ScoreSaved> {
    const criterion = await criterionOf(t, eventId, input.criterionId);
    if (!criterion) throw new AppError(404, 'UNKNOWN_CRITERION', { criterionId: input.criterionId });
    const bib = normaliseBib(input.bib);
    const contestant = bib ? await contestantByBib(t, eventId, bib) : undefined;
    if (!contestant) throw new AppError(404, 'UNKNOWN_BIB', { bib: input.bib });
    if (isConflicted(a.orgId, contestant.employerOrgId)) throw forbidden();
    if (a.submittedAt) throw conflict('SHEET_LOCKED');
    if (input.score !== null) {
      const problem = validateMark(criterion.kind, criterion.maxScore, input.score);
      if (problem) throw validation(`score: ${describeAllowed(criterion.kind, criterion.maxScore)} (got ${input.score})`, 'score', 'range');
    }
    const cell = await scoreCell(t, contestant.id, user.id, criterion.id);
    const now = new Date().toISOString();
    const audit = { eventId, bib, criterionId: criterion.id, judgeId: user.id };
    if (input.score === null) {
      if (!cell) return { bib, criterionId: criterion.id, score: null, savedAt: now, changed: false };
      await deleteScore(t, cell.id);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'score.clear',
        entity: 'score',
        entityId: cell.id,
        before: { ...audit, score: cell.score },
        after: { ...audit, score: null },
      });
      return { bib, criterionId: criterion.id, score: null, savedAt: now, changed: true };
    }
    if (cell && cell.score === input.score)
      return { bib, criterionId: criterion.id, score: cell.score, savedAt: cell.updatedAt, changed: false };
    const id = await upsertScore(t, {
      eventId,
      registrationId: contestant.id,
      judgeId: user.id,
      criterionId: criterion.id,
      score: input.score,
      at: now,
    });
    await this.audit.record(t, {
      actorId: user.id,
      action: 'score.set',
      entity: 'score',
      entityId: id,
      before: cell ? { ...audit, score: cell.score } : null,
      after: { ...audit, score: input.score },
    });
    return { bib, criterionId: criterion.id, score: input.score, savedAt: now, changed: true };
  }

  /** PUT /api/judging/events/:id/scores */
  saveScore(eventId: number, user: Caller, input: ScoreInput): Promise<ScoreSaved> {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const a = await this.access.ownAssignment(t, eventId, user);
      assertOnTime('score', await this.access.event(t, eventId));
      return this.saveCell(t, eventId, a, user, input);
    });
  }

  /**
   * PUT /api/judging/events/:id/scores/batch — the offline outbox: every item applied idempotently
   * in one transaction, each with its own outcome (one bad item does not hold back the others).
   */
  saveScores(eventId: number, user: Caller, items: ScoreInput[], lang: Lang) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const a = await this.access.ownAssignment(t, eventId, user);
      // the time check comes before every other: the whole outbox waits for the start, not item by item
      assertOnTime('score', await this.access.event(t, eventId));
      const out = [];
      for (const [index, item] of items.entries()) {
        try {
          out.push({ index, ok: true as const, ...(await this.saveCell(t, eventId, a, user, item)) });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          out.push({
            index,
            ok: false as const,
            bib: item.bib,
            criterionId: item.criterionId,
            statusCode: e.statusCode,
            code: e.code,
            message: e.messageIn(lang),
          });
        }
      }
      return out;
    });
  }

  /**
   * POST /api/judging/events/:id/submit — locks the caller's sheet once every cell is marked and
   * no judgement mark is more than 1 from another judge's. Submitting a locked sheet again is a no-op.
   */
  submit(eventId: number, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const a = await this.access.ownAssignment(t, eventId, user);
      assertOnTime('score', await this.access.event(t, eventId));
      if (a.submittedAt) return { locked: true, submittedAt: a.submittedAt, alreadySubmitted: true };
      const criterionList = await criteria(t, eventId);
      const critName = new Map(criterionList.map((c) => [c.id, c.name]));
      const people = await this.sheetContestants(t, eventId, a.orgId);
      const bibOf = new Map(people.map((c) => [c.registrationId, c.bib]));
      const marked = (await judgeMarks(t, eventId, user.id)).map((m) => ({ contestant: m.registrationId, criterion: m.criterionId }));
      const missing = missingCells(
        people.map((c) => c.registrationId),
        criterionList.map((c) => c.id),
        marked,
      );
      if (missing.length) {
        const first = missing[0]!;
        throw new DetailedError(
          409,
          'SHEET_INCOMPLETE',
          { count: missing.length, bib: bibOf.get(first.contestant)!, criterion: critName.get(first.criterion)! },
          { missing: missing.map((m) => ({ bib: bibOf.get(m.contestant)!, criterionId: m.criterion })) },
        );
      }
      const judgement = new Set(criterionList.filter((c) => c.kind === 'judgement').map((c) => c.id));
      if (judgement.size) {
        const judges = (await assignments(t, eventId)).map((j) => ({ judgeId: j.judgeId, employerOrgId: j.orgId }));
        const employerOf = new Map(people.map((c) => [c.registrationId, c.employerOrgId]));
        const byContestant = new Map<number, JudgeMark<number, number>[]>();
        const all = await eventMarks(t, eventId);
        for (let i = 0; i < all.scores.length; i++) {
          const [registrationId, judgeId, criterionId, value] = [
            all.registrationIds[i]!,
            all.judgeIds[i]!,
            all.criterionIds[i]!,
            all.scores[i]!,
          ];
          if (!judgement.has(criterionId) || !employerOf.has(registrationId)) continue;
          const list = byContestant.get(registrationId) ?? [];
          if (!list.length) byContestant.set(registrationId, list);
          list.push({ judgeId, contestant: registrationId, criterion: criterionId, value });
        }
        // only the marks that count: a conflicted judge's mark never blocks anyone
        const counted = people.flatMap((c) => marksThatCount(byContestant.get(c.registrationId) ?? [], judges, c.employerOrgId));
        const spreads = judgementSpreadsFor(user.id, counted);
        if (spreads.length) {
          const s = spreads[0]!;
          throw new DetailedError(
            409,
            'JUDGEMENT_SPREAD',
            { bib: bibOf.get(s.contestant)!, criterion: critName.get(s.criterion)!, mine: fmt(s.mine), other: fmt(s.other) },
            {
              spreads: spreads.map((x) => ({
                bib: bibOf.get(x.contestant)!,
                criterionId: x.criterion,
                criterion: critName.get(x.criterion)!,
                mine: x.mine,
                other: x.other,
              })),
            },
          );
        }
      }
      const at = new Date().toISOString();
      await setSubmitted(t, a.id, at, at);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'sheet.submit',
        entity: 'judge_assignment',
        entityId: a.id,
        before: { eventId, judgeId: user.id, submittedAt: null },
        after: { eventId, judgeId: user.id, submittedAt: at },
      });
      return { locked: true, submittedAt: at, alreadySubmitted: false };
    });
  }

  /** POST /api/events/:id/unlock — the event's chief judge or an organizer in scope; a reason is required. */
  unlock(eventId: number, judgeId: number, reason: string, user: Caller) {
    return this.db.tx(async (t) => {
      await t.lock('events', eventId);
      const { ev } = await this.access.managerOrChief(t, eventId, user);
      const why = reason.trim();
      if (!why) throw validation('reason: unlocking a sheet needs a reason', 'reason', 'required');
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const target = await assignment(t, eventId, judgeId);
      if (!target) throw new AppError(404, 'JUDGE_NOT_ASSIGNED');
      if (!target.submittedAt) throw conflict('SHEET_NOT_LOCKED');
      const at = new Date().toISOString();
      await setSubmitted(t, target.id, null, at);
      await this.audit.record(t, {
        actorId: user.id,
        action: 'sheet.unlock',
        entity: 'judge_assignment',
        entityId: target.id,
        before: { eventId, judgeId, submittedAt: target.submittedAt },
        after: { eventId, judgeId, submittedAt: null },
        reason: why,
      });
      return { judgeId, locked: false, unlockedAt: at };
    });
  }
}

/** What a judge may enter, for the 400 message (domain.md § Scoring: criterion kinds). */
function describeAllowed(kind: CriterionKind, max: number): string {
  switch (kind) {
    case 'score':
      return `0..${max} in steps of 0.5`;
    case 'measurement':
      return `0 or ${max} (measurement: all or nothing)`;
    case 'judgement':
      return '0, 1, 2 or 3 (judgement)';
  }
}
