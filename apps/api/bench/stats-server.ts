// The server side of the city-scale stats bench: the real app on the city-scale database — a SQLite file or a
// postgres:// URL (read by the requests the parent sends) — listening on a loopback port; prints {port, tokens} on
// stdout and exits when the parent writes a line on stdin.
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app';
import { jsonValue } from '../src/data/database';
import { isPostgresUrl, openDatabase } from '../src/data/open';
import type { Role } from '../src/data/schema';

const target = process.argv[2]!;
const url = isPostgresUrl(target) ? target : undefined;
const file = url ? '' : target;
const db = await openDatabase({ url, file });
const app = await buildApp({
  database: db,
  config: { databasePath: file, databaseUrl: url, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none', logLevel: 'warn' },
});
const token = async (phone: string) => {
  const u = (await db.read.get<{ id: number; roles: unknown; orgId: number }>(
    sql`select id, roles, org_id as "orgId" from users where phone = ${phone}`,
  ))!;
  return app.jwt.sign({ sub: u.id, roles: jsonValue<Role[]>(u.roles)!, orgId: u.orgId, sv: 0, sid: `bench-${u.id}` });
};
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
// 13900000002: city organizer; 13900000003: 梁溪区 organizer (demo accounts)
process.stdout.write(JSON.stringify({ port, city: await token('13900000002'), district: await token('13900000003') }) + '\n');
process.stdin.once('data', () => {
  void app.close().then(async () => {
    await db.close();
    process.exit(0);
  });
});
