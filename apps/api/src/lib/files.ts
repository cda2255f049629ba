import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates a folder and its missing parents, one level at a time. (Not `mkdirSync(…, {recursive: true})`:
 * under /proc and similar file systems it retries ENOENT forever and the process spins.)
 */
export function ensureFolder(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) fs.mkdirSync(d);
}

/** A Node fs error as one line: "EACCES: permission denied, mkdir '/srv/data'" (the message without the stack). */
export function fsReason(e: unknown): string {
  return String((e as Error)?.message ?? e);
}
