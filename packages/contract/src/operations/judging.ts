import { taggedOperations } from '../operation';
import { Type, type TOptional, type TSchema } from 'typebox';
import { AllowedFrom, CriterionKind, errors, Id, IdParams, Nullable, tooEarlyNote } from '../common';
import { FieldError } from '../common';

const ops = taggedOperations('judging');

export const DetailedErrorSchema = <E extends Record<string, TSchema>>(extra: E) =>
  Type.Object({
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(FieldError)),
    // typed per field, so clients see the extra fields (`missing`, `blockers`) of the error they read
    ...(Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof E]: TOptional<E[K]> }),
    allowedFrom: Type.Optional(AllowedFrom()),
  });

export const CriterionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  maxScore: Type.Number(),
  kind: CriterionKind,
});

export const Progress = Type.Object({ done: Type.Integer(), total: Type.Integer() });

export const Bib = Type.String({ minLength: 1, maxLength: 20, description: 'blind number (检录号), e.g. A001' });

export const ScoreValue = Nullable(
  Type.Number({ description: 'score: 0..max in steps of 0.5; measurement: 0 or max; judgement: 0, 1, 2 or 3; null clears the cell' }),
);

export const ScoreItem = Type.Object({ bib: Bib, criterionId: Id, score: ScoreValue });

export const Saved = Type.Object({
  bib: Type.String(),
  criterionId: Type.Integer(),
  score: Nullable(Type.Number()),
  savedAt: Type.String(),
  changed: Type.Boolean(),
});

export const SubmitError = DetailedErrorSchema({
  missing: Type.Array(Type.Object({ bib: Type.String(), criterionId: Type.Integer() })),
  spreads: Type.Array(
    Type.Object({ bib: Type.String(), criterionId: Type.Integer(), criterion: Type.String(), mine: Type.Number(), other: Type.Number() }),
  ),
});

export const assignJudge = ops.authed('POST', '/events/:id/judges', {
  operationId: 'assignJudge',
  summary: 'Assign a judge (a user with the judge role) to an event; one chief judge per event — a new chief demotes the old one',
  description: '400 VALIDATION when the user is not a judge; 409 ALREADY_ASSIGNED; 409 ALREADY_PUBLISHED after results are published.',
  params: IdParams,
  body: Type.Object({ userId: Id, chief: Type.Optional(Type.Boolean({ default: false })) }),
  response: {
    201: Type.Object({
      id: Type.Integer(),
      eventId: Type.Integer(),
      judgeId: Type.Integer(),
      name: Type.String(),
      employer: Nullable(Type.String()),
      chief: Type.Boolean(),
      submittedAt: Nullable(Type.String()),
      demotedChiefId: Nullable(Type.Integer()),
    }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const listEventJudges = ops.authed('GET', '/events/:id/judges', {
  operationId: 'listEventJudges',
  summary: "The event's judges with sheet progress, and per contestant how many judges remain after recusal (回避)",
  params: IdParams,
  response: {
    200: Type.Object({
      judges: Type.Array(
        Type.Object({
          judgeId: Type.Integer(),
          name: Type.String(),
          employer: Nullable(Type.String()),
          chief: Type.Boolean(),
          submittedAt: Nullable(Type.String()),
          locked: Type.Boolean(),
          recused: Type.Integer({ description: 'contestants this judge may not score' }),
          progress: Progress,
        }),
      ),
      contestants: Type.Array(
        Type.Object({
          registrationId: Type.Integer(),
          bib: Type.String(),
          name: Type.String(),
          employer: Nullable(Type.String()),
          judges: Type.Integer({ description: 'non-conflicted judges left' }),
          recusedJudgeIds: Type.Array(Type.Integer()),
        }),
      ),
    }),
    ...errors(401, 403, 404),
  },
});

export const listMyJudgingEvents = ops.authed('GET', '/judging/events', {
  operationId: 'listMyJudgingEvents',
  summary: "The caller's judging assignments with sheet progress",
  response: {
    200: Type.Array(
      Type.Object({
        eventId: Type.Integer(),
        contestId: Type.Integer(),
        contestTitle: Type.String(),
        startsAt: Type.String(),
        endsAt: Type.String(),
        trade: Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Nullable(Type.String()) }),
        chief: Type.Boolean(),
        locked: Type.Boolean(),
        submittedAt: Nullable(Type.String()),
        resultsPublished: Type.Boolean(),
        progress: Progress,
      }),
    ),
    ...errors(401, 403),
  },
});

export const getScoreSheet = ops.authed('GET', '/judging/events/:id/sheet', {
  operationId: 'getScoreSheet',
  summary: "The caller's score sheet: blind numbers only, conflicted contestants left out (assigned judge; anyone else 404)",
  params: IdParams,
  response: {
    200: Type.Object({
      criteria: Type.Array(CriterionSchema),
      locked: Type.Boolean(),
      submittedAt: Nullable(Type.String()),
      contestants: Type.Array(
        Type.Object({
          bib: Type.String(),
          scores: Type.Record(Type.String(), Nullable(Type.Number()), { description: 'criterionId → mark or null' }),
        }),
      ),
    }),
    ...errors(401, 404),
  },
});

export const saveScore = ops.authed('PUT', '/judging/events/:id/scores', {
  operationId: 'saveScore',
  summary: 'Save one mark (idempotent: resending the same value writes nothing); score null clears the cell',
  description:
    '400 VALIDATION out of range or wrong step; 403 FORBIDDEN conflicted contestant; 404 UNKNOWN_BIB / UNKNOWN_CRITERION; 409 SHEET_LOCKED once submitted. ' +
    tooEarlyNote('the contest starts (`startsAt`)'),
  params: IdParams,
  body: ScoreItem,
  response: { 200: Saved, ...errors(400, 401, 403, 404, 409) },
});

export const saveScores = ops.authed('PUT', '/judging/events/:id/scores/batch', {
  operationId: 'saveScores',
  summary: 'The offline outbox: many marks in one transaction, each applied idempotently with its own result',
  description:
    'Always 200 for an assigned judge once the contest has started; each item reports `ok` with the saved cell, or `ok: false` with the statusCode, code and message it would have had alone. ' +
    tooEarlyNote('the contest starts (`startsAt`), for the whole batch'),
  params: IdParams,
  body: Type.Array(ScoreItem, { minItems: 1, maxItems: 5000 }),
  response: {
    200: Type.Array(
      Type.Object({
        index: Type.Integer(),
        ok: Type.Boolean(),
        bib: Type.String(),
        criterionId: Type.Integer(),
        score: Type.Optional(Nullable(Type.Number())),
        savedAt: Type.Optional(Type.String()),
        changed: Type.Optional(Type.Boolean()),
        statusCode: Type.Optional(Type.Integer()),
        code: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
    ...errors(400, 401, 404, 409),
  },
});

export const submitScoreSheet = ops.authed('POST', '/judging/events/:id/submit', {
  operationId: 'submitScoreSheet',
  summary: 'Submit and lock the caller’s sheet (submitting a locked sheet again changes nothing)',
  description:
    '409 SHEET_INCOMPLETE with `missing: [{bib, criterionId}]`; 409 JUDGEMENT_SPREAD with `spreads: [{bib, criterionId, criterion, mine, other}]` when a judgement mark is more than 1 from another judge’s mark for the same contestant. ' +
    tooEarlyNote('the contest starts (`startsAt`)'),
  params: IdParams,
  response: {
    200: Type.Object({ locked: Type.Boolean(), submittedAt: Type.String(), alreadySubmitted: Type.Boolean() }),
    409: SubmitError,
    ...errors(401, 404),
  },
});

export const unlockScoreSheet = ops.authed('POST', '/events/:id/unlock', {
  operationId: 'unlockScoreSheet',
  summary: "Reopen a judge's submitted sheet (the event's chief judge or an organizer in scope); reason required; audited",
  description: '404 JUDGE_NOT_ASSIGNED; 409 SHEET_NOT_LOCKED; 409 ALREADY_PUBLISHED.',
  params: IdParams,
  body: Type.Object({ judgeId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) }),
  response: {
    200: Type.Object({ judgeId: Type.Integer(), locked: Type.Boolean(), unlockedAt: Type.String() }),
    ...errors(400, 401, 404, 409),
  },
});
