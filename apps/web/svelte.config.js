import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // apps/api/dist/server.js mounts build/handler.js on the API's origin (every path outside /api).
    adapter: adapter({ out: 'build' }),
    // Stylesheets up to 32 KiB go into the page's <style> instead of a render-blocking <link> each (Lighthouse: a
    // phone on slow 4G waited ~0.5 s for five small CSS files before the first paint). The CSP allows inline styles.
    inlineStyleThreshold: 32 * 1024,
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
