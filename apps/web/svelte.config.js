import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // apps/api/dist/server.js mounts build/handler.js on the API's origin (every path outside /api).
    adapter: adapter({ out: 'build' }),
    // Content-Security-Policy on every page: scripts only from this origin, SvelteKit's own inline start-up
    // script by nonce (hash on prerendered pages). Styles may be inline (style attributes in markup; no
    // script runs from them). Never framed; forms post only here.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        // the venue check-in's QR decoder (qr-scanner) runs in a worker it starts from a blob: URL of its own code
        'worker-src': ['self', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
  vitePlugin: {
    // Runes everywhere in our own code; third-party components keep their own mode.
    dynamicCompileOptions: ({ filename }) => (filename.includes('node_modules') ? undefined : { runes: true }),
  },
};

export default config;
