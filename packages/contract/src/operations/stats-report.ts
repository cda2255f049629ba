import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, OrgKind } from '../common';
import { binary } from '../common';

const ops = taggedOperations('stats');

export const AnnualQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'calendar year (Beijing time); default this year' })),
  orgId: Type.Optional(Type.Integer({ minimum: 1, description: "an organisation in the caller's subtree; default the caller's own" })),
});

export const exportAnnualStats = ops.authed('GET', '/stats/annual.xlsx', {
  operationId: 'exportAnnualStats',
  summary:
    'The annual report as an XLSX workbook: sheets 总览 (the seven figures, this year and last), 按工种, 按单位 and 按月份, Chinese headers',
  description: 'Same figures, scope and 404 rule as GET /api/stats/annual.',
  querystring: AnnualQuery,
  response: {
    200: binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX workbook'),
    ...errors(400, 401, 403, 404),
  },
});

export const getOrgTrail = ops.authed('GET', '/stats/org-trail', {
  operationId: 'getOrgTrail',
  summary: "The organisations from the top of the caller's subtree down to the chosen one (the dashboard's breadcrumb)",
  description: "404 when orgId is unknown or outside the caller's subtree.",
  querystring: Type.Object({ orgId: AnnualQuery.properties.orgId }),
  response: {
    200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: OrgKind })),
    ...errors(400, 401, 403, 404),
  },
});
