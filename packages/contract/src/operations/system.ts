import { taggedOperations } from '../operation';
import { Type } from 'typebox';

const ops = taggedOperations('system');

export const Health = Type.Object({
  ok: Type.Boolean(),
  db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  writable: Type.Boolean({ description: 'a write probe committed just now' }),
  demo: Type.Boolean({ description: 'the database holds the demo data set (public demo passwords)' }),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});

export const getHealth = ops.open('GET', '/health', {
  operationId: 'getHealth',
  summary: 'Liveness and database check: 503 {ok:false} while the database cannot be written',
  description:
    'Commits a one-row write probe each time. While it fails (read-only file, full disk) the answer is 503; a read-only connection is reopened as soon as the file can be written again.',
  response: { 200: Health, 503: Health },
});
