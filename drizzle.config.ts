// drizzle-kit, once per dialect: `npm run db:generate` writes drizzle/sqlite/ and drizzle/postgres/ from the one
// table description in apps/api/src/data/schema (DRIZZLE_DIALECT picks the dialect; the script runs both).
import { defineConfig } from 'drizzle-kit';

const dialect = process.env.DRIZZLE_DIALECT === 'postgres' ? 'postgresql' : 'sqlite';
const folder = dialect === 'sqlite' ? 'sqlite' : 'postgres';

export default defineConfig({
  dialect,
  schema: './apps/api/src/data/schema/sqlite.ts',
  out: `./drizzle/${folder}`,
  strict: true,
  verbose: true,
});
