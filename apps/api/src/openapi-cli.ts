/**
 * `npm run openapi -- <file>`: writes the OpenAPI document the API serves at /api/docs/json (built from
 * @gongjiang/contract) to a file, for the linter (`npm run lint:openapi`) and for clients that generate code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app';

const out = process.argv[2] ?? 'openapi.json';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gj-openapi-'));
const app = await buildApp({ config: { databasePath: path.join(dir, 'docs.db'), seed: 'none' } });
try {
  await app.ready();
  fs.writeFileSync(out, JSON.stringify(app.swagger(), null, 2) + '\n');
} finally {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
