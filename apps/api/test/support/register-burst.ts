// A separate API process on the test's database (the SQLite file, or a postgres:// URL): builds the real app on its own
// connection and fires registrations for a contest event, or enrolments in a training class, all at once.
// Usage: node --import tsx register-burst.ts <dbFile|postgresUrl> <event|class> <id> <tokensJsonFile>
import fs from 'node:fs';
import { buildApp } from '../../src/app';
import { isPostgresUrl, openDatabase } from '../../src/data/open';

const [target, kind, id, tokensFile] = process.argv.slice(2) as [string, 'event' | 'class', string, string];
const url = kind === 'event' ? `/api/events/${id}/registrations` : `/api/trainings/${id}/enrolments`;
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
const database = isPostgresUrl(target)
  ? await openDatabase({ url: target, file: '', migrate: false, poolSize: 4 })
  : await openDatabase({ file: target, migrate: false });
const app = await buildApp({
  database,
  config: { databasePath: isPostgresUrl(target) ? '' : target, jwtSecret: process.env.JWT_SECRET!, seed: 'none' },
});
const statuses = await Promise.all(
  tokens.map(async (token) => {
    const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` } });
    return res.statusCode === 201 ? (res.json().status as string) : `HTTP ${res.statusCode} ${res.json().code}`;
  }),
);
process.stdout.write(JSON.stringify(statuses));
await app.close();
await database.close();
