// A separate API process on the same SQLite file: builds the real app and fires registrations.
// Usage: node --import tsx register-burst.ts <dbFile> <eventId> <tokensJsonFile>
import fs from 'node:fs';
import { buildApp } from '../../src/app';
import { openDatabase } from '../../src/db';

const [dbFile, eventId, tokensFile] = process.argv.slice(2) as [string, string, string];
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
const db = openDatabase(dbFile, { migrate: false });
const app = await buildApp({ db, config: { databasePath: dbFile, jwtSecret: process.env.JWT_SECRET!, seed: 'none' } });
const statuses = await Promise.all(
  tokens.map(async (token) => {
    const res = await app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, headers: { authorization: `Bearer ${token}` } });
    return res.statusCode === 201 ? (res.json().status as string) : `HTTP ${res.statusCode} ${res.json().code}`;
  }),
);
process.stdout.write(JSON.stringify(statuses));
await app.close();
db.$client.close();
