// `npm run db:migrate`: brings the configured database (DATABASE_URL, else the SQLite file at DATABASE_PATH) up to the
// current schema — what the server does at start, under the same start-up lock — and exits.
import { loadConfig } from '../config';
import { isPostgresUrl, openDatabase } from './open';

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, file: config.databasePath });
await db.close();
console.log(`migrated ${isPostgresUrl(config.databaseUrl) ? 'the PostgreSQL database of DATABASE_URL' : config.databasePath}`);
