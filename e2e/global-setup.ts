import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Removes the databases of earlier runs (this run's directory is the server's and stays). */
export default function globalSetup() {
  const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), '.artifacts');
  const current = `run-${process.env.GJ_E2E_RUN}`;
  if (!fs.existsSync(artifacts)) return;
  for (const entry of fs.readdirSync(artifacts)) {
    if (entry.startsWith('run-') && entry !== current) fs.rmSync(path.join(artifacts, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(artifacts, 'screenshots'), { recursive: true });
}
