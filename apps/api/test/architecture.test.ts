import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of issue 14 (one composition root), checked over the source's import statements: route files never
 * import each other (what they share is in lib/), services never import plugins (the caller and scope are passed in), and
 * services import each other without cycles.
 */
const SRC = path.resolve(__dirname, '../src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The source files a file imports (relative imports only, `import type` included), resolved to paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gm)) {
    const spec = m[1] ?? m[2]!;
    const base = path.resolve(path.dirname(file), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
    if (hit) out.push(hit);
  }
  return out;
}

const rel = (p: string) => path.relative(SRC, p);
const routes = path.join(SRC, 'routes');
const services = path.join(SRC, 'services');
const plugins = path.join(SRC, 'plugins');

describe('architecture', () => {
  it('finds the source files it checks', () => {
    expect(filesUnder(routes).length).toBeGreaterThan(10);
    expect(filesUnder(services).length).toBeGreaterThan(10);
  });

  it('route files never import another route file (only routes/index.ts registers them all)', () => {
    const bad = filesUnder(routes)
      .filter((f) => f !== path.join(routes, 'index.ts'))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => i.startsWith(routes + path.sep))
          .map((i) => `${rel(f)} → ${rel(i)}`),
      );
    expect(bad).toEqual([]);
  });

  it('services never import a plugin or a route', () => {
    const bad = filesUnder(services).flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith(plugins + path.sep) || i.startsWith(routes + path.sep))
        .map((i) => `${rel(f)} → ${rel(i)}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the data layer (src/data) imports a database driver', () => {
    const drivers = /from\s+'(better-sqlite3|pg|pg-copy-streams|drizzle-orm\/(better-sqlite3|node-postgres)[^']*)'/;
    const data = path.join(SRC, 'data');
    const bad = filesUnder(SRC)
      .filter((f) => !f.startsWith(data + path.sep) && drivers.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('services import each other without a cycle', () => {
    const graph = new Map(filesUnder(services).map((f) => [f, importsOf(f).filter((i) => i.startsWith(services + path.sep))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map(rel).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
