// The ceiling J of the registration rush: a bare Fastify + @fastify/jwt route (HS256 verify, a 201 JSON answer,
// nothing else) in its own process, loaded exactly like the rush. Its figure moves with whatever else the machine
// is doing, so the rush is reported as R/J — the share of this ceiling the real route reaches in the same run.
import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';

const secret = 'bench-secret-0123456789abcdef0123456789';
const app = Fastify({ logger: false });
await app.register(fastifyJwt, { secret, sign: { expiresIn: 900, algorithm: 'HS256' }, verify: { algorithms: ['HS256'] } });
app.post('/api/events/:id/registrations', async (request, reply) => {
  await request.jwtVerify();
  return reply.status(201).send({ id: 1, status: 'confirmed' });
});
// timed by the server, as the rush is (registration-server.ts)
const served = { first: 0, last: 0, count: 0 };
app.addHook('onRequest', async () => {
  served.first ||= performance.now();
});
app.addHook('onResponse', async () => {
  served.last = performance.now();
  served.count += 1;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
process.stdout.write(JSON.stringify({ port }) + '\n');
process.stdin.once('data', () => {
  process.stdout.write(JSON.stringify({ rate: served.count / ((served.last - served.first) / 1000) }) + '\n');
  void app.close().then(() => process.exit(0));
});
