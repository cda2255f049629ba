import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { binary, errors, IdParams, ValidationErrorBody, XLSX_MIME } from '../common';
import { IMPORT_LIMITS } from './results';

const ops = taggedOperations('organisations');

/** The roster's columns: the field name (English header) and its Chinese header, in the template's order. */
export const ROSTER_COLUMNS = [
  { field: 'name', header: '姓名', required: true },
  { field: 'phone', header: '手机号', required: true },
  { field: 'idNumber', header: '身份证号', required: true },
  { field: 'tradeCode', header: '工种代码', required: false },
  { field: 'skillLevel', header: '技能等级', required: false },
  { field: 'unionMember', header: '会员', required: false },
] as const;

export type RosterField = (typeof ROSTER_COLUMNS)[number]['field'];

export const RosterImported = Type.Object(
  {
    created: Type.Integer({ minimum: 0, description: 'accounts created (no password yet: claimed with a code sent to the phone)' }),
    updated: Type.Integer({ minimum: 0, description: 'accounts whose imported fields changed' }),
    unchanged: Type.Integer({ minimum: 0, description: 'accounts already as the file says' }),
  },
  { $id: 'RosterImported' },
);

export const importMembers = ops.authed('POST', '/orgs/:id/members/import', {
  operationId: 'importMembers',
  summary: 'Import a base union’s member roster (会员名册) from a CSV or XLSX file — all or nothing, idempotent',
  description: [
    'An organizer whose subtree holds the base union (404 otherwise). The file comes as `multipart/form-data` field `file`: `.csv` (UTF-8 with or without BOM; UTF-16LE with BOM and GB18030 as Excel saves them are read too) or `.xlsx` (the first worksheet).',
    `The header row names the columns, in Chinese or English, in any order: ${ROSTER_COLUMNS.map((c) => `${c.header} \`${c.field}\`${c.required ? ' (required)' : ''}`).join(', ')}. Other columns are refused. \`skillLevel\` is a code (\`senior\`) or its Chinese name (高级工, 三级/高级工); \`unionMember\` is 是/否 or true/false (empty: 是 for a new account, unchanged otherwise); an empty trade or level cell leaves it as it is (none for a new account).`,
    'A row is matched to an account by phone or by resident ID. Accounts belong to the organisation in the path: a phone or resident ID of an account elsewhere, a phone and a resident ID of two different accounts, a resident ID whose account has another phone, a new resident ID or name for a worker whose identity is on record (a published result, a certificate or a promotion: correct it with PATCH /api/workers/:id/identity), a new level for a worker the platform has promoted, a bad resident ID (GB 11643 check digit), a phone or resident ID twice in the file and an unknown trade code are row errors.',
    `Any row error refuses the whole file: 400 VALIDATION with \`rows: [{row, field, message}]\` — \`row\` counts data rows from 1 (the header is row 0), \`field\` is the column's English name (\`\` for the row as a whole); the first ${IMPORT_LIMITS.errorsListed} are listed and the message gives their number. Nothing is written then.`,
    'Imported accounts are workers of the organisation with no password: the worker claims the account by signing up (`POST /api/auth/register`, the name and resident ID stay the roster’s) or resetting the password with a code sent to that phone; until then a login fails like a wrong password. The same file twice changes nothing the second time (`unchanged`). Audited: one entry `roster.import` with the counts, `user.create` for each new account and `worker.roster_update` with old → new for each changed one (resident IDs masked).',
    `Limits, checked while reading: the upload ${IMPORT_LIMITS.fileBytes / 2 ** 20} MiB (413), an XLSX unpacked ${IMPORT_LIMITS.unzippedBytes / 2 ** 20} MiB and ${IMPORT_LIMITS.zipEntries} parts (413), ${IMPORT_LIMITS.rows - 1} rows under the header (413), ${IMPORT_LIMITS.columns} columns and ${IMPORT_LIMITS.cellChars} characters a cell (400).`,
  ].join('\n\n'),
  params: IdParams,
  consumes: ['multipart/form-data'],
  body: {
    content: {
      'multipart/form-data': {
        // no `type` or `required`: the multipart plugin reads the part itself, so Fastify validates an empty body here
        schema: {
          description: 'one part, named `file`: the roster (.csv or .xlsx)',
          properties: { file: { type: 'string', format: 'binary', description: 'the roster, .csv or .xlsx' } },
        },
      },
    },
  },
  response: { 200: RosterImported, 400: ValidationErrorBody, ...errors(401, 403, 404, 409, 413, 415) },
});

export const getMembersTemplate = ops.authed('GET', '/orgs/:id/members/template', {
  operationId: 'getMembersTemplate',
  summary: 'The roster template: the columns with Chinese headers and one example row, as CSV (UTF-8 with BOM) or XLSX',
  description: 'An organizer whose subtree holds the organisation (404 otherwise). `format` csv (default) or xlsx.',
  params: IdParams,
  querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })) }),
  response: {
    200: binary('text/csv', `CSV (UTF-8 with BOM) or XLSX (${XLSX_MIME})`),
    ...errors(400, 401, 403, 404),
  },
});
