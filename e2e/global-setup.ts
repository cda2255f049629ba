import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether fontconfig knows a CJK font Chromium will use for Chinese (as a phone has one). */
function hasCjkFont(): boolean {
  try {
    return /Noto Sans CJK|Source Han Sans|WenQuanYi|Droid Sans Fallback/.test(execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/**
 * Refuses to run without a CJK font (screenshots would show boxes and tap targets would be measured in the
 * wrong font), then removes the databases of earlier runs (this run's directory is the server's and stays).
 */
export default function globalSetup() {
  if (!hasCjkFont()) throw new Error('no CJK font for Chromium: apt-get install fonts-noto-cjk (bash .ci/run installs it)');
  const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), '.artifacts');
  const current = `run-${process.env.GJ_E2E_RUN}`;
  if (!fs.existsSync(artifacts)) return;
  for (const entry of fs.readdirSync(artifacts)) {
    if (entry.startsWith('run-') && entry !== current) fs.rmSync(path.join(artifacts, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(artifacts, 'screenshots'), { recursive: true });
}
