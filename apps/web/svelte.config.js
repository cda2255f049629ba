import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // apps/api/dist/server.js mounts build/handler.js on the API's origin (every path outside /api).
    adapter: adapter({ out: 'build' }),
  },
  vitePlugin: {
    // Runes everywhere in our own code; third-party components keep their own mode.
    dynamicCompileOptions: ({ filename }) => (filename.includes('node_modules') ? undefined : { runes: true }),
  },
};

export default config;
