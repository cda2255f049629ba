// The server side of the city-scale stats bench: the real app on the city-scale database (read by
// the requests the parent sends), listening on a loopback port; prints {port, tokens} on stdout and
// exits when the parent writes a line on stdin.
import { buildApp } from '../src/app';
import { openDatabase } from '../src/db';
import type { Role } from '../src/db/schema';

const file = process.argv[2]!;
const db = openDatabase(file);
const app = await buildApp({
  db,
  config: { databasePath: file, jwtSecret: 'bench-secret-0123456789abcdef0123456789', seed: 'none', logLevel: 'warn' },
});
const user = (phone: string) =>
  db.$client
    .prepare<[string], { id: number; roles: string; orgId: number }>('select id, roles, org_id as orgId from users where phone = ?')
    .get(phone)!;
const token = (phone: string) => {
  const u = user(phone);
  return app.jwt.sign({ sub: u.id, roles: JSON.parse(u.roles) as Role[], orgId: u.orgId, sv: 0, sid: `bench-${u.id}` });
};
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
// 13900000002: city organizer; 13900000003: 梁溪区 organizer (demo accounts)
process.stdout.write(JSON.stringify({ port, city: token('13900000002'), district: token('13900000003') }) + '\n');
process.stdin.once('data', () => {
  void app.close().then(() => {
    db.$client.close();
    process.exit(0);
  });
});
