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
import { writeTx, type Db } from '../db';
import { AppError, conflict, defineMessages, forbidden, notFound, validation, type Lang } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole } from '../plugins/auth';

defineMessages({
  ALREADY_ASSIGNED: { zh: '该裁判已分配到此赛项', en: 'This judge is already assigned to this event' },
  JUDGE_NOT_ASSIGNED: { zh: '该裁判未分配到此赛项', en: 'This judge is not assigned to this event' },
  UNKNOWN_BIB: { zh: '未找到检录号 {bib}', en: 'Blind number {bib} not found' },
  UNKNOWN_CRITERION: { zh: '未找到评分项 {criterionId}', en: 'Criterion {criterionId} not found' },
  SHEET_LOCKED: {
    zh: '评分表已提交锁定，需裁判长或组织者解锁后才能修改',
    en: 'This score sheet is submitted and locked; the chief judge or the organizer must unlock it first',
  },
  SHEET_NOT_LOCKED: { zh: '该评分表尚未提交，无需解锁', en: 'This score sheet is not locked' },
  SHEET_INCOMPLETE: {
    zh: '评分表还有 {count} 项未评分（如检录号 {bib} 的「{criterion}」）',
    en: 'The score sheet still has {count} empty cells (e.g. {bib} · {criterion})',
  },
  JUDGEMENT_SPREAD: {
    zh: '检录号 {bib} 的「{criterion}」评分与其他裁判相差超过 1 分（你 {mine} 分，另一裁判 {other} 分），请协商一致后再提交',
    en: '{bib} · {criterion}: your mark {mine} and another judge’s mark {other} differ by more than 1; reconcile before submitting',
  },
  ALREADY_PUBLISHED: { zh: '该赛项成绩已公布，不能再修改', en: 'Results of this event are already published and can no longer change' },
});

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
    readonly details: Record<string, unknown>,
    private readonly localParams?: Record<Lang, Params>,
  ) {
    super(statusCode, code, params);
  }

  override messageIn(lang: Lang): string {
    if (!this.localParams) return super.messageIn(lang);
    return new AppError(this.statusCode, this.code, { ...this.params, ...this.localParams[lang] }).messageIn(lang);
  }
}

export interface EventInfo {
  id: number;
  contestId: number;
  orgId: number;
  contestStatus: string;
  contestTitle: string;
  tradeId: number;
  tradeName: string;
  tradeNameEn: string | null;
  theoryWeight: number;
  practicalWeight: number;
  aggregation: 'mean' | 'trimmed' | 'median';
  passMark: number;
  awards: string | null;
  resultsPublishedAt: string | null;
}

export interface Criterion {
  id: number;
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export interface Contestant {
  registrationId: number;
  bib: string;
  workerId: number;
  employerOrgId: number | null;
}

export interface Assignment {
  id: number;
  judgeId: number;
  chief: boolean;
  submittedAt: string | null;
  /** the judge's employer (users.org_id): the conflict-of-interest key */
  orgId: number | null;
}

export interface EventMarks {
  registrationIds: number[];
  judgeIds: number[];
  criterionIds: number[];
  scores: number[];
}

const NOW_SQL = `strftime('%Y-%m-%dT%H:%M:%fZ','now')`;

/** Event lookups and access rules shared by judging and results; every statement prepared once. */
export class EventAccess {
  private readonly st;

  constructor(
    readonly db: Db,
    private readonly scope: OrgScope,
  ) {
    const c = db.$client;
    this.st = {
      event: c.prepare<[number], EventInfo>(
        `select e.id, e.contest_id as contestId, c.org_id as orgId, c.status as contestStatus, c.title as contestTitle,
                e.trade_id as tradeId, t.name as tradeName, t.name_en as tradeNameEn, e.theory_weight as theoryWeight, e.practical_weight as practicalWeight,
                e.aggregation, e.pass_mark as passMark, e.awards, e.results_published_at as resultsPublishedAt
           from events e join contests c on c.id = e.contest_id join trades t on t.id = e.trade_id where e.id = ?`,
      ),
      criteria: c.prepare<[number], Criterion>(
        `select id, name, max_score as maxScore, kind from criteria where event_id = ? order by position, id`,
      ),
      contestants: c.prepare<[number], Contestant>(
        `select r.id as registrationId, r.bib, r.worker_id as workerId, wp.employer_org_id as employerOrgId
           from registrations r left join worker_profiles wp on wp.user_id = r.worker_id
          where r.event_id = ? and r.status = 'confirmed' and r.bib is not null order by length(r.bib), r.bib`,
      ),
      assignment: c.prepare<[number, number], Omit<Assignment, 'chief'> & { chief: number }>(
        `select ja.id, ja.judge_id as judgeId, ja.chief, ja.submitted_at as submittedAt, u.org_id as orgId
           from judge_assignments ja join users u on u.id = ja.judge_id where ja.event_id = ? and ja.judge_id = ?`,
      ),
      assignments: c.prepare<[number], Omit<Assignment, 'chief'> & { chief: number; name: string; employer: string | null }>(
        `select ja.id, ja.judge_id as judgeId, ja.chief, ja.submitted_at as submittedAt, u.org_id as orgId, u.name, o.name as employer
           from judge_assignments ja join users u on u.id = ja.judge_id left join organisations o on o.id = u.org_id
          where ja.event_id = ? order by ja.chief desc, ja.id`,
      ),
      // One row of four JSON arrays instead of 70,000 rows: better-sqlite3 spends ~1 µs building each
      // row object, JSON.parse of a number array is native (1,000 × 7 × 10 marks: ~27 ms instead of ~75 ms).
      // SQLite ≥ 3.44 writes REALs into JSON with round-trip precision.
      marks: c.prepare<[number], { r: string; j: string; k: string; v: string }>(
        `select json_group_array(registration_id) as r, json_group_array(judge_id) as j, json_group_array(criterion_id) as k,
                json_group_array(score) as v from scores where event_id = ?`,
      ),
      names: c.prepare<[number], { id: number; name: string; employer: string | null }>(
        `select r.id, u.name, o.name as employer from registrations r join users u on u.id = r.worker_id
           left join worker_profiles wp on wp.user_id = r.worker_id left join organisations o on o.id = wp.employer_org_id
          where r.event_id = ? and r.status = 'confirmed'`,
      ),
      judgeMarks: c.prepare<[number, number], { registrationId: number; criterionId: number; score: number }>(
        `select registration_id as registrationId, criterion_id as criterionId, score from scores where event_id = ? and judge_id = ?`,
      ),
    };
  }

  event(eventId: number): EventInfo {
    const ev = this.st.event.get(eventId);
    if (!ev) throw notFound('event');
    return ev;
  }

  /** An organizer (or admin) whose subtree holds the event's contest. */
  isManager(user: AuthUser | undefined, ev: EventInfo): boolean {
    return !!user && hasRole(user, 'organizer', 'admin') && this.scope.contains(user, ev.orgId);
  }

  /** The event for an organizer in scope; anyone else gets 404 (the contract hides what is out of scope). */
  managed(eventId: number, user: AuthUser): EventInfo {
    const ev = this.event(eventId);
    if (!this.isManager(user, ev)) throw notFound('event');
    return ev;
  }

  assignment(eventId: number, judgeId: number): Assignment | null {
    const a = this.st.assignment.get(eventId, judgeId);
    return a ? { ...a, chief: !!a.chief } : null;
  }

  /** The caller's own assignment as a judge, else 404. */
  ownAssignment(eventId: number, user: AuthUser): Assignment {
    const a = hasRole(user, 'judge') ? this.assignment(eventId, user.id) : null;
    if (!a) throw notFound('event');
    return a;
  }

  /**
   * Organizer in scope, or the event's chief judge. Another judge of the panel sees the event, so the
   * contract's "wrong role inside one's scope" applies: 403. Anyone else: 404.
   */
  managerOrChief(eventId: number, user: AuthUser): { ev: EventInfo; manager: boolean } {
    const ev = this.event(eventId);
    if (this.isManager(user, ev)) return { ev, manager: true };
    const assigned = hasRole(user, 'judge') ? this.assignment(eventId, user.id) : undefined;
    if (assigned?.chief) return { ev, manager: false };
    if (assigned) throw forbidden();
    throw notFound('event');
  }

  criteria(eventId: number): Criterion[] {
    return this.st.criteria.all(eventId);
  }

  /** Confirmed registrations that have a blind number, in blind-number order. */
  contestants(eventId: number): Contestant[] {
    return this.st.contestants.all(eventId);
  }

  assignments(eventId: number) {
    return this.st.assignments.all(eventId).map((a) => ({ ...a, chief: !!a.chief }));
  }

  /** Every mark of the event, column-wise: the i-th mark is (registrationIds[i], judgeIds[i], criterionIds[i], scores[i]). */
  marks(eventId: number): EventMarks {
    const row = this.st.marks.get(eventId)!;
    return {
      registrationIds: JSON.parse(row.r),
      judgeIds: JSON.parse(row.j),
      criterionIds: JSON.parse(row.k),
      scores: JSON.parse(row.v),
    } as EventMarks;
  }

  /** Contestants' names and employers by registration id — for organizers' eyes only, never a judge's. */
  names(eventId: number): Map<number, { name: string; employer: string | null }> {
    return new Map(this.st.names.all(eventId).map((r) => [r.id, r]));
  }

  judgeMarks(eventId: number, judgeId: number) {
    return this.st.judgeMarks.all(eventId, judgeId);
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
  private readonly st;

  constructor(
    private readonly db: Db,
    readonly access: EventAccess,
  ) {
    const c = db.$client;
    // The scoring hot path (PUT …/scores): prepared once (engineering-notes.md).
    this.st = {
      criterion: c.prepare<[number, number], { id: number; name: string; kind: CriterionKind; maxScore: number }>(
        `select id, name, kind, max_score as maxScore from criteria where id = ? and event_id = ?`,
      ),
      contestant: c.prepare<[number, string], { id: number; employerOrgId: number | null }>(
        `select r.id, wp.employer_org_id as employerOrgId from registrations r left join worker_profiles wp on wp.user_id = r.worker_id
          where r.event_id = ? and r.bib = ? and r.status = 'confirmed'`,
      ),
      cell: c.prepare<[number, number, number], { id: number; score: number; updatedAt: string }>(
        `select id, score, updated_at as updatedAt from scores where registration_id = ? and judge_id = ? and criterion_id = ?`,
      ),
      upsert: c.prepare<[number, number, number, number, number, string, string], { id: number }>(
        `insert into scores (event_id, registration_id, judge_id, criterion_id, score, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
         on conflict (registration_id, judge_id, criterion_id) do update set score = excluded.score, updated_at = excluded.updated_at
         returning id`,
      ),
      clear: c.prepare<[number]>(`delete from scores where id = ?`),
      audit: c.prepare<[string, number, string, string, number, string | null, string | null, string | null]>(
        `insert into audit_log (at, actor_id, action, entity, entity_id, before, after, reason) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      lock: c.prepare<[string, number]>(`update judge_assignments set submitted_at = ?, updated_at = ${NOW_SQL} where id = ?`),
      unlock: c.prepare<[number]>(`update judge_assignments set submitted_at = null, updated_at = ${NOW_SQL} where id = ?`),
      judgeUser: c.prepare<[number], { id: number; name: string; roles: string; orgId: number | null; employer: string | null }>(
        `select u.id, u.name, u.roles, u.org_id as orgId, o.name as employer from users u left join organisations o on o.id = u.org_id where u.id = ? and u.disabled = 0`,
      ),
      chiefOf: c.prepare<[number], { id: number; judgeId: number }>(
        `select id, judge_id as judgeId from judge_assignments where event_id = ? and chief = 1`,
      ),
      setChief: c.prepare<[number, number]>(`update judge_assignments set chief = ?, updated_at = ${NOW_SQL} where id = ?`),
      assign: c.prepare<[number, number, number], { id: number }>(
        `insert into judge_assignments (event_id, judge_id, chief) values (?, ?, ?) returning id`,
      ),
      myEvents: c.prepare<
        [number],
        {
          eventId: number;
          chief: number;
          submittedAt: string | null;
          contestId: number;
          contestTitle: string;
          startsAt: string;
          endsAt: string;
          tradeId: number;
          tradeName: string;
          tradeNameEn: string | null;
          resultsPublishedAt: string | null;
        }
      >(
        `select ja.event_id as eventId, ja.chief, ja.submitted_at as submittedAt, c.id as contestId, c.title as contestTitle, c.starts_at as startsAt,
                c.ends_at as endsAt, t.id as tradeId, t.name as tradeName, t.name_en as tradeNameEn, e.results_published_at as resultsPublishedAt
           from judge_assignments ja join events e on e.id = ja.event_id join contests c on c.id = e.contest_id join trades t on t.id = e.trade_id
          where ja.judge_id = ? and c.status != 'cancelled' order by c.starts_at desc, ja.event_id desc`,
      ),
    };
  }

  private record(
    actorId: number,
    action: string,
    entity: string,
    entityId: number,
    before: unknown,
    after: unknown,
    reason: string | null = null,
  ) {
    this.st.audit.run(
      new Date().toISOString(),
      actorId,
      action,
      entity,
      entityId,
      before == null ? null : JSON.stringify(before),
      after == null ? null : JSON.stringify(after),
      reason,
    );
  }

  /** The contestants a judge may see and score: conflicted ones (same employer) are left out (domain.md § Scoring, 回避). */
  private sheetContestants(eventId: number, judgeOrgId: number | null): Contestant[] {
    return this.access.contestants(eventId).filter((c) => !isConflicted(judgeOrgId, c.employerOrgId));
  }

  /** POST /api/events/:id/judges — one chief per event: a new chief demotes the old one. */
  assign(eventId: number, input: { userId: number; chief?: boolean }, user: AuthUser) {
    return writeTx(this.db, () => {
      const ev = this.access.managed(eventId, user);
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const judge = this.st.judgeUser.get(input.userId);
      if (!judge) throw notFound('user');
      if (!(JSON.parse(judge.roles) as string[]).includes('judge')) throw validation('userId: this user does not have the judge role');
      if (this.access.assignment(eventId, judge.id)) throw conflict('ALREADY_ASSIGNED');
      const chief = input.chief === true;
      let demotedChiefId: number | null = null;
      if (chief) {
        const old = this.st.chiefOf.get(eventId);
        if (old) {
          this.st.setChief.run(0, old.id);
          demotedChiefId = old.judgeId;
          this.record(
            user.id,
            'judge.demote_chief',
            'judge_assignment',
            old.id,
            { eventId, judgeId: old.judgeId, chief: true },
            { chief: false },
            'a new chief judge was assigned',
          );
        }
      }
      const id = this.st.assign.get(eventId, judge.id, chief ? 1 : 0)!.id;
      this.record(user.id, 'judge.assign', 'judge_assignment', id, null, { eventId, judgeId: judge.id, chief });
      return { id, eventId, judgeId: judge.id, name: judge.name, employer: judge.employer, chief, submittedAt: null, demotedChiefId };
    });
  }

  /**
   * GET /api/events/:id/judges — the panel with each sheet's progress, and per contestant how many
   * judges remain once conflicts of interest are left out.
   */
  roster(eventId: number, user: AuthUser) {
    this.access.managed(eventId, user);
    const judges = this.access.assignments(eventId);
    const criteria = this.access.criteria(eventId).map((c) => c.id);
    const contestants = this.access.contestants(eventId);
    const names = this.access.names(eventId);
    return {
      judges: judges.map((j) => {
        const mine = contestants.filter((c) => !isConflicted(j.orgId, c.employerOrgId)).map((c) => c.registrationId);
        const marked = this.access.judgeMarks(eventId, j.judgeId).map((m) => ({ contestant: m.registrationId, criterion: m.criterionId }));
        return {
          judgeId: j.judgeId,
          name: j.name,
          employer: j.employer,
          chief: j.chief,
          submittedAt: j.submittedAt,
          locked: !!j.submittedAt,
          recused: contestants.length - mine.length,
          progress: sheetProgress(mine, criteria, marked),
        };
      }),
      contestants: contestants.map((c) => {
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
  myAssignments(user: AuthUser) {
    const judgeOrg = this.st.judgeUser.get(user.id)?.orgId ?? null;
    return this.st.myEvents.all(user.id).map((a) => {
      const contestants = this.sheetContestants(a.eventId, judgeOrg).map((c) => c.registrationId);
      const criteria = this.access.criteria(a.eventId).map((c) => c.id);
      const marked = this.access.judgeMarks(a.eventId, user.id).map((m) => ({ contestant: m.registrationId, criterion: m.criterionId }));
      return {
        eventId: a.eventId,
        contestId: a.contestId,
        contestTitle: a.contestTitle,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        trade: { id: a.tradeId, name: a.tradeName, nameEn: a.tradeNameEn },
        chief: !!a.chief,
        locked: !!a.submittedAt,
        submittedAt: a.submittedAt,
        resultsPublished: !!a.resultsPublishedAt,
        progress: sheetProgress(contestants, criteria, marked),
      };
    });
  }

  /** GET /api/judging/events/:id/sheet — blind numbers only; conflicted contestants left out. */
  sheet(eventId: number, user: AuthUser) {
    const a = this.access.ownAssignment(eventId, user);
    const criteria = this.access.criteria(eventId);
    const contestants = this.sheetContestants(eventId, a.orgId);
    const mine = new Map<number, Record<string, number>>();
    for (const m of this.access.judgeMarks(eventId, user.id)) {
      let row = mine.get(m.registrationId);
      if (!row) mine.set(m.registrationId, (row = {}));
      row[m.criterionId] = m.score;
    }
    return {
      criteria: criteria.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, kind: c.kind })),
      locked: !!a.submittedAt,
      submittedAt: a.submittedAt,
      contestants: contestants.map((c) => {
        const row = mine.get(c.registrationId) ?? {};
        return {
          bib: c.bib,
          scores: Object.fromEntries(criteria.map((k) => [String(k.id), row[k.id] ?? null])) as Record<string, number | null>,
        };
      }),
    };
  }

  /**
   * One cell, inside the caller's transaction. Idempotent: the same value writes nothing and
   * audits nothing; a changed value (or a cleared cell) is written and audited old → new.
   */
  private saveCell(eventId: number, a: Assignment, user: AuthUser, input: ScoreInput): ScoreSaved {
    const criterion = this.st.criterion.get(input.criterionId, eventId);
    if (!criterion) throw new AppError(404, 'UNKNOWN_CRITERION', { criterionId: input.criterionId });
    const bib = normaliseBib(input.bib);
    const contestant = bib ? this.st.contestant.get(eventId, bib) : undefined;
    if (!contestant) throw new AppError(404, 'UNKNOWN_BIB', { bib: input.bib });
    if (isConflicted(a.orgId, contestant.employerOrgId)) throw forbidden();
    if (a.submittedAt) throw conflict('SHEET_LOCKED');
    if (input.score !== null) {
      const problem = validateMark(criterion.kind, criterion.maxScore, input.score);
      if (problem) throw validation(`score: ${describeAllowed(criterion.kind, criterion.maxScore)} (got ${input.score})`);
    }
    const cell = this.st.cell.get(contestant.id, user.id, criterion.id);
    const now = new Date().toISOString();
    const audit = { eventId, bib, criterionId: criterion.id, judgeId: user.id };
    if (input.score === null) {
      if (!cell) return { bib, criterionId: criterion.id, score: null, savedAt: now, changed: false };
      this.st.clear.run(cell.id);
      this.record(user.id, 'score.clear', 'score', cell.id, { ...audit, score: cell.score }, { ...audit, score: null });
      return { bib, criterionId: criterion.id, score: null, savedAt: now, changed: true };
    }
    if (cell && cell.score === input.score)
      return { bib, criterionId: criterion.id, score: cell.score, savedAt: cell.updatedAt, changed: false };
    const id = this.st.upsert.get(eventId, contestant.id, user.id, criterion.id, input.score, now, now)!.id;
    this.record(user.id, 'score.set', 'score', id, cell ? { ...audit, score: cell.score } : null, { ...audit, score: input.score });
    return { bib, criterionId: criterion.id, score: input.score, savedAt: now, changed: true };
  }

  /** PUT /api/judging/events/:id/scores */
  saveScore(eventId: number, user: AuthUser, input: ScoreInput): ScoreSaved {
    return writeTx(this.db, () => this.saveCell(eventId, this.access.ownAssignment(eventId, user), user, input));
  }

  /**
   * PUT /api/judging/events/:id/scores/batch — the offline outbox: every item applied idempotently
   * in one transaction, each with its own outcome (one bad item does not hold back the others).
   */
  saveScores(eventId: number, user: AuthUser, items: ScoreInput[], lang: Lang) {
    return writeTx(this.db, () => {
      const a = this.access.ownAssignment(eventId, user);
      return items.map((item, index) => {
        try {
          return { index, ok: true as const, ...this.saveCell(eventId, a, user, item) };
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          return {
            index,
            ok: false as const,
            bib: item.bib,
            criterionId: item.criterionId,
            statusCode: e.statusCode,
            code: e.code,
            message: e.messageIn(lang),
          };
        }
      });
    });
  }

  /**
   * POST /api/judging/events/:id/submit — locks the caller's sheet once every cell is marked and
   * no judgement mark is more than 1 from another judge's. Submitting a locked sheet again is a no-op.
   */
  submit(eventId: number, user: AuthUser) {
    return writeTx(this.db, () => {
      const a = this.access.ownAssignment(eventId, user);
      if (a.submittedAt) return { locked: true, submittedAt: a.submittedAt, alreadySubmitted: true };
      const criteria = this.access.criteria(eventId);
      const critName = new Map(criteria.map((c) => [c.id, c.name]));
      const contestants = this.sheetContestants(eventId, a.orgId);
      const bibOf = new Map(contestants.map((c) => [c.registrationId, c.bib]));
      const marked = this.access.judgeMarks(eventId, user.id).map((m) => ({ contestant: m.registrationId, criterion: m.criterionId }));
      const missing = missingCells(
        contestants.map((c) => c.registrationId),
        criteria.map((c) => c.id),
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
      const judgement = new Set(criteria.filter((c) => c.kind === 'judgement').map((c) => c.id));
      if (judgement.size) {
        const judges = this.access.assignments(eventId).map((j) => ({ judgeId: j.judgeId, employerOrgId: j.orgId }));
        const employerOf = new Map(contestants.map((c) => [c.registrationId, c.employerOrgId]));
        const byContestant = new Map<number, JudgeMark<number, number>[]>();
        const all = this.access.marks(eventId);
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
        const counted = contestants.flatMap((c) => marksThatCount(byContestant.get(c.registrationId) ?? [], judges, c.employerOrgId));
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
      this.st.lock.run(at, a.id);
      this.record(
        user.id,
        'sheet.submit',
        'judge_assignment',
        a.id,
        { eventId, judgeId: user.id, submittedAt: null },
        { eventId, judgeId: user.id, submittedAt: at },
      );
      return { locked: true, submittedAt: at, alreadySubmitted: false };
    });
  }

  /** POST /api/events/:id/unlock — the event's chief judge or an organizer in scope; a reason is required. */
  unlock(eventId: number, judgeId: number, reason: string, user: AuthUser) {
    return writeTx(this.db, () => {
      const { ev } = this.access.managerOrChief(eventId, user);
      const why = reason.trim();
      if (!why) throw validation('reason: unlocking a sheet needs a reason');
      if (ev.resultsPublishedAt) throw conflict('ALREADY_PUBLISHED');
      const target = this.access.assignment(eventId, judgeId);
      if (!target) throw new AppError(404, 'JUDGE_NOT_ASSIGNED');
      if (!target.submittedAt) throw conflict('SHEET_NOT_LOCKED');
      this.st.unlock.run(target.id);
      this.record(
        user.id,
        'sheet.unlock',
        'judge_assignment',
        target.id,
        { eventId, judgeId, submittedAt: target.submittedAt },
        { eventId, judgeId, submittedAt: null },
        why,
      );
      return { judgeId, locked: false, unlockedAt: new Date().toISOString() };
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
