// Bundles the API into dist/server.js. Workspace packages (@gongjiang/domain, TypeScript source) are
// bundled in; npm dependencies stay external and load from node_modules (native addons included).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@gongjiang/'));

await build({
  entryPoints: { server: 'src/server.ts', seed: 'src/seed/cli.ts', backup: 'src/data/backup-cli.ts', 'db-copy': 'src/data/copy-cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
console.log('api bundled to apps/api/dist');
