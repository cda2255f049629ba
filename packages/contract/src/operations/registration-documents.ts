import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { binary, errors, IdParams } from '../common';

const ops = taggedOperations('registrations');

export const getAdmissionTicket = ops.authed('GET', '/registrations/:id/ticket.pdf', {
  operationId: 'getAdmissionTicket',
  summary: 'Admission ticket (准考证) with the check-in QR code: the worker, or an organizer in scope',
  description: '404 for anyone else; 409 NOT_CONFIRMED unless the registration is confirmed.',
  params: IdParams,
  response: { 200: binary('application/pdf', 'A4 PDF'), ...errors(401, 404, 409) },
});

export const exportRegistrations = ops.authed('GET', '/events/:id/registrations/export', {
  operationId: 'exportRegistrations',
  summary: "Export an event's registrations as CSV (UTF-8 with BOM, for Excel/WPS) or XLSX",
  description: 'Resident IDs masked; formula-like CSV cells neutralised with a leading apostrophe; times in Beijing time.',
  params: IdParams,
  querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })) }),
  response: {
    200: binary('text/csv', 'CSV or XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)'),
    ...errors(400, 401, 403, 404),
  },
});
