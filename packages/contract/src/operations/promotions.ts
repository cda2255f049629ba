import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, IdParams, Nullable, NullableSkillLevel, Page, PageQuery, SkillLevelSchema } from '../common';
import { binary } from '../common';
import { SourceType } from './certificates';

const ops = taggedOperations('promotions');

export const Reason = Type.Union([
  Type.Literal('not_passed'),
  Type.Literal('not_in_plan'),
  Type.Literal('already_promoted_this_year'),
  Type.Literal('at_cap'),
  Type.Literal('no_band'),
]);

export const Source = Type.Object({
  type: SourceType,
  id: Nullable(Type.Integer({ description: 'event id (contest) or training class id' })),
  title: Type.String(),
});

export const Applied = Type.Object({
  workerId: Type.Integer(),
  fromLevel: NullableSkillLevel,
  toLevel: SkillLevelSchema,
  title: Nullable(Type.String({ description: 'e.g. 市技术能手' })),
  certificateNo: Nullable(Type.String()),
  becameHighSkill: Type.Boolean(),
});

export const PreviewItem = Type.Object({
  workerId: Type.Integer(),
  name: Type.String(),
  employer: Nullable(Type.String()),
  rank: Type.Integer(),
  total: Type.Number(),
  passed: Type.Boolean(),
  currentLevel: NullableSkillLevel,
  promote: Type.Boolean(),
  applied: Type.Boolean({ description: 'a promotion record from this event exists' }),
  fromLevel: NullableSkillLevel,
  toLevel: NullableSkillLevel,
  title: Nullable(Type.String()),
  becameHighSkill: Type.Boolean(),
  reason: Nullable(Reason),
  certificateNo: Nullable(Type.String()),
});

export const TrackerItem = Type.Object({
  id: Type.Integer(),
  workerId: Type.Integer(),
  name: Type.String(),
  employer: Nullable(Type.String()),
  trade: Nullable(Type.String()),
  fromLevel: NullableSkillLevel,
  toLevel: SkillLevelSchema,
  source: Source,
  date: Type.String({ description: 'promotion date YYYY-MM-DD (Beijing)' }),
  certificateNo: Nullable(Type.String()),
  title: Nullable(Type.String()),
  becameHighSkill: Type.Boolean(),
});

export const HistoryItem = Type.Object({
  date: Type.String(),
  fromLevel: NullableSkillLevel,
  toLevel: SkillLevelSchema,
  source: Source,
  certificateNo: Nullable(Type.String()),
  title: Nullable(Type.String()),
});

export const Filters = {
  year: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: 'calendar year of the promotion date; default this year (Beijing)' }),
  ),
  orgId: Type.Optional(Id),
  tradeId: Type.Optional(Id),
  source: Type.Optional(SourceType),
  highSkill: Type.Optional(Type.Boolean({ description: 'true: only promotions into high-skill status' })),
};

export const previewPromotions = ops.authed('GET', '/events/:id/promotions/preview', {
  operationId: 'previewPromotions',
  summary: "Every contestant with the promotion decision of the event's rules, and the reason for those not promoted",
  description: '409 RESULTS_NOT_PUBLISHED before publication.',
  params: IdParams,
  response: {
    200: Type.Object({
      eventId: Type.Integer(),
      inPlan: Type.Boolean(),
      tier: Type.String(),
      appliedAt: Nullable(Type.String()),
      items: Type.Array(PreviewItem),
    }),
    ...errors(401, 403, 404, 409),
  },
});

export const applyPromotions = ops.authed('POST', '/events/:id/promotions', {
  operationId: 'applyPromotions',
  summary:
    "Apply the event's promotion rules to its published results (idempotent: applying again changes nothing and returns the same list)",
  description: 'One transaction: promotion records, skill levels, certificates, audit. 409 RESULTS_NOT_PUBLISHED.',
  params: IdParams,
  response: { 200: Type.Array(Applied), ...errors(401, 403, 404, 409) },
});

export const listPromotions = ops.authed('GET', '/promotions', {
  operationId: 'listPromotions',
  summary:
    "Promotion records of one year whose contest's or class's organisation is in the caller's subtree (orgId narrows it), newest first",
  querystring: Type.Object({ ...Filters, ...PageQuery }),
  response: { 200: Page(TrackerItem), ...errors(400, 401, 403, 404) },
});

export const exportPromotions = ops.authed('GET', '/promotions/export', {
  operationId: 'exportPromotions',
  summary: 'The same records as CSV (UTF-8 with BOM, CRLF, formula-safe) or XLSX, Chinese headers',
  querystring: Type.Object({
    ...Filters,
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })),
  }),
  response: { 200: binary('text/csv', 'CSV or XLSX'), ...errors(400, 401, 403, 404) },
});

export const getWorker = ops.authed('GET', '/workers/:id', {
  operationId: 'getWorker',
  summary: "A worker's profile, resident ID masked, with the current level: the worker, or an organizer whose subtree holds the employer",
  params: IdParams,
  response: {
    200: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      residentId: Nullable(Type.String({ description: 'masked' })),
      gender: Nullable(Type.String()),
      employerOrgId: Nullable(Type.Integer()),
      employer: Nullable(Type.String()),
      tradeId: Nullable(Type.Integer()),
      trade: Nullable(Type.String()),
      skillLevel: NullableSkillLevel,
      highSkill: Type.Boolean({ description: '高技能人才: level ≥ senior' }),
      certificateNo: Nullable(Type.String()),
    }),
    ...errors(401, 404),
  },
});

export const getSkillHistory = ops.authed('GET', '/workers/:id/skill-history', {
  operationId: 'getSkillHistory',
  summary: "A worker's promotion records, oldest first: the worker, or an organizer whose subtree holds the employer; else 404",
  params: IdParams,
  response: { 200: Type.Array(HistoryItem), ...errors(401, 404) },
});
