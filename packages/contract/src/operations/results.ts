import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { AWARDS } from '@gongjiang/domain';
import { errors, IdParams, Nullable, tooEarlyNote } from '../common';
import { binary, XLSX_MIME } from '../common';
import { DetailedErrorSchema } from './judging';

const ops = taggedOperations('results');

/** The limits of a table import (theory scores, rosters), checked while reading. */
export const IMPORT_LIMITS = {
  /** the upload itself */
  fileBytes: 5 * 2 ** 20,
  /** an XLSX's parts together, unpacked (as declared and as actually inflated) */
  unzippedBytes: 16 * 2 ** 20,
  /** parts in an XLSX */
  zipEntries: 1_000,
  /** rows, the header included (an event seats far fewer than 20,000 contestants) */
  rows: 20_001,
  columns: 100,
  cellChars: 1_000,
  /** row problems listed in a 400 (the total is given too) */
  errorsListed: 100,
} as const;

export const JudgeMark = Type.Object({ judgeId: Type.Integer(), score: Nullable(Type.Number()), recused: Type.Boolean() });

export const TheoryErrors = DetailedErrorSchema({
  errors: Type.Array(
    Type.Object({
      row: Type.Integer(),
      bib: Type.String(),
      problem: Type.String({ description: 'missing_bib | unknown_bib | duplicate_bib | not_a_number | out_of_range' }),
    }),
    { description: `the first ${IMPORT_LIMITS.errorsListed} problems` },
  ),
  errorCount: Type.Optional(Type.Integer({ description: 'how many problems there are in all' })),
});

export const TheorySaved = Type.Object({
  eventId: Type.Integer(),
  rows: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
});

export const Award = Nullable(Type.Enum(AWARDS, { description: 'first 一等奖 · second 二等奖 · third 三等奖 · excellence 优胜奖' }));

export const ResultRow = Type.Object({
  rank: Nullable(Type.Integer({ description: 'null while the result is incomplete (organizers, before publication)' })),
  bib: Type.String(),
  name: Nullable(Type.String()),
  employer: Nullable(Type.String()),
  theory: Nullable(Type.Number()),
  practical: Nullable(Type.Number()),
  total: Nullable(Type.Number()),
  passed: Nullable(Type.Boolean()),
  award: Award,
  tied: Type.Boolean({ description: 'shares its rank after every tie-break (flagged for the chief judge)' }),
  registrationId: Type.Optional(Type.Integer({ description: 'organizers only' })),
});

export const saveTheoryScores = ops.authed('PUT', '/events/:id/theory-scores', {
  operationId: 'saveTheoryScores',
  summary: 'Set theory scores (0–100) by blind number — all or nothing',
  description:
    'Any row problem (unknown or duplicate bib, score outside 0–100) refuses the whole list: 400 VALIDATION with `errors: [{row, bib, problem}]` for every row (row = 1-based position in the list). Changed scores are audited; 409 ALREADY_PUBLISHED after publication. ' +
    tooEarlyNote('the contest starts (`startsAt`)'),
  params: IdParams,
  body: Type.Array(Type.Object({ bib: Type.String({ maxLength: 20 }), score: Type.Number() }), { minItems: 1, maxItems: 20000 }),
  response: { 200: TheorySaved, 400: TheoryErrors, ...errors(401, 403, 404, 409) },
});

export const importTheoryScores = ops.authed('POST', '/events/:id/theory-scores/import', {
  operationId: 'importTheoryScores',
  summary: 'Import theory scores from a CSV or XLSX file — all or nothing, with every row problem listed',
  description: [
    'The file needs a header row naming the columns 检录号 (or bib) and 理论成绩 (or score); other columns are ignored.',
    'Send **CSV** as the raw body with `Content-Type: text/csv` (UTF-8 with or without BOM, UTF-16LE with BOM, or GB18030 as saved by Excel on Chinese Windows), or as JSON `{"csv": "<text>"}`.',
    `Send **XLSX** as the raw file bytes with \`Content-Type: application/octet-stream\` (or \`${XLSX_MIME}\`); the first worksheet is read.`,
    'Row numbers in `errors: [{row, bib, problem}]` are the file’s own line/row numbers (the header is row 1); the first 100 problems are listed, `errorCount` gives them all.',
    tooEarlyNote('the contest starts (`startsAt`): the file is not read'),
    `Limits, checked while reading: the upload ${IMPORT_LIMITS.fileBytes / 2 ** 20} MiB (413), an XLSX unpacked ${IMPORT_LIMITS.unzippedBytes / 2 ** 20} MiB and ${IMPORT_LIMITS.zipEntries} parts (413, from the zip directory before anything is unpacked), ${IMPORT_LIMITS.rows - 1} rows under the header (413), ${IMPORT_LIMITS.columns} columns and ${IMPORT_LIMITS.cellChars} characters a cell (400).`,
  ].join('\n\n'),
  params: IdParams,
  body: {
    content: {
      'application/json': { schema: Type.Object({ csv: Type.String({ minLength: 1, maxLength: IMPORT_LIMITS.fileBytes }) }) },
      'text/csv': { schema: Type.String({ description: 'CSV text', maxLength: IMPORT_LIMITS.fileBytes }) },
      'application/octet-stream': { schema: { format: 'binary', description: 'XLSX workbook bytes' } },
      [XLSX_MIME]: { schema: { format: 'binary', description: 'XLSX workbook bytes' } },
    },
  },
  response: { 200: TheorySaved, 400: TheoryErrors, ...errors(401, 403, 404, 409, 413, 415) },
});

export const getResults = ops.open('GET', '/events/:id/results', {
  operationId: 'getResults',
  summary: 'Results: organizers in scope any time (live until publication), anyone after publication',
  description:
    'Before publication an organizer sees the live computation: contestants still missing a theory score or a criterion mark come last with rank null. Anyone else gets 404 RESULTS_NOT_PUBLISHED until publication. The progress board is GET /api/events/:id/results/progress.',
  params: IdParams,
  response: { 200: Type.Array(ResultRow), ...errors(401, 404) },
});

export const getResultsInfo = ops.open('GET', '/events/:id/results/info', {
  operationId: 'getResultsInfo',
  summary: 'Which contest and trade an event is, and whether its results are published (for the heading of the results pages)',
  description: 'Anyone once the contest is published; 404 for a draft unless the caller organizes it. No contestant data.',
  params: IdParams,
  response: {
    200: Type.Object({
      eventId: Type.Integer(),
      contestId: Type.Integer(),
      contestTitle: Type.String(),
      trade: Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Nullable(Type.String()) }),
      published: Type.Boolean(),
      publishedAt: Nullable(Type.String()),
      withdrawnAt: Nullable(
        Type.String({ description: 'while unpublished: when an upheld appeal withdrew the results (申诉成立，成绩撤回)' }),
      ),
      appealHours: Type.Number({ description: 'the appeal window after publication, in hours' }),
    }),
    ...errors(401, 404),
  },
});

export const getResultsProgress = ops.authed('GET', '/events/:id/results/progress', {
  operationId: 'getResultsProgress',
  summary: "The organizer's progress board: sheets submitted per judge, cells done, theory scores present, what blocks publication",
  params: IdParams,
  response: {
    200: Type.Object({
      published: Type.Boolean(),
      publishedAt: Nullable(Type.String()),
      contestants: Type.Integer(),
      judges: Type.Array(
        Type.Object({
          judgeId: Type.Integer(),
          name: Type.String(),
          chief: Type.Boolean(),
          submittedAt: Nullable(Type.String()),
          locked: Type.Boolean(),
          done: Type.Integer(),
          total: Type.Integer(),
        }),
      ),
      sheets: Type.Object({ submitted: Type.Integer(), total: Type.Integer() }),
      theory: Type.Object({ present: Type.Integer(), total: Type.Integer(), missingBibs: Type.Array(Type.String()) }),
      cells: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
      noEligibleJudgeBibs: Type.Array(Type.String()),
      ready: Type.Boolean(),
      blockers: Type.Array(Type.Object({ problem: Type.String(), count: Type.Integer() })),
    }),
    ...errors(401, 403, 404),
  },
});

export const publishResults = ops.authed('POST', '/events/:id/results/publish', {
  operationId: 'publishResults',
  summary: 'Publish: freeze the results and reveal names',
  description:
    '409 RESULTS_INCOMPLETE (with `blockers`) while a sheet is open, a theory score is missing, no judge is assigned or a contestant has no judge left after recusal; 409 ALREADY_PUBLISHED the second time. ' +
    tooEarlyNote('the contest ends (`endsAt`)'),
  params: IdParams,
  response: {
    200: Type.Object({ eventId: Type.Integer(), publishedAt: Type.String(), count: Type.Integer() }),
    409: DetailedErrorSchema({ blockers: Type.Array(Type.Object({ problem: Type.String(), count: Type.Integer() })) }),
    ...errors(401, 403, 404),
  },
});

export const getResultsByJudge = ops.authed('GET', '/events/:id/results/judges', {
  operationId: 'getResultsByJudge',
  summary: "Per-judge score report (the event's chief judge or an organizer): who gave what for each blind number and criterion",
  params: IdParams,
  response: {
    200: Type.Object({
      aggregation: Type.String(),
      criteria: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), maxScore: Type.Number(), kind: Type.String() })),
      judges: Type.Array(
        Type.Object({ judgeId: Type.Integer(), name: Type.String(), chief: Type.Boolean(), submittedAt: Nullable(Type.String()) }),
      ),
      contestants: Type.Array(
        Type.Object({
          bib: Type.String(),
          practical: Nullable(Type.Number()),
          criteria: Type.Array(
            Type.Object({
              criterionId: Type.Integer(),
              mark: Nullable(Type.Number()),
              spread: Type.Boolean({ description: 'judgement marks more than 1 apart' }),
              marks: Type.Array(JudgeMark),
            }),
          ),
        }),
      ),
    }),
    ...errors(401, 404),
  },
});

export const exportResults = ops.authed('GET', '/events/:id/results/export', {
  operationId: 'exportResults',
  summary: 'Export the results table: 名次, 检录号, 姓名, 工作单位, 理论, 实操, 总分, 是否合格, 奖项, 并列',
  description:
    'format=csv: UTF-8 with BOM, CRLF line ends (RFC 4180). format=xlsx: one worksheet 成绩. Live results before publication, the frozen ones after.',
  params: IdParams,
  querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })) }),
  response: { 200: binary('text/csv', `CSV or XLSX (${XLSX_MIME})`), ...errors(400, 401, 403, 404) },
});
