import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';
import { i18nOptions } from './scripts/i18n-options.js';

export default defineConfig({
  plugins: [paraglideVitePlugin(i18nOptions), sveltekit()],
  build: {
    rolldownOptions: {
      output: {
        // The root layout and everything it imports (Svelte's runtime, SvelteKit's client, the header, footer and
        // their messages) load on every page: one chunk instead of some seventeen, most of them a few hundred bytes of
        // a message or two that the bundler split off because a page also uses them. Every page's first load is
        // ~2 KiB (gzip) and 11 requests smaller. The price: a change to the shell re-downloads all of it (~42 KiB).
        codeSplitting: {
          groups: [{ name: 'shell', test: /[\\/]src[\\/]routes[\\/]\+layout\.svelte$/ }],
        },
      },
    },
  },
  server: {
    // In production the API serves /api on this origin; in `vite dev` forward it (ticket PDFs, API docs).
    proxy: { '/api': { target: process.env.API_URL || 'http://127.0.0.1:3100', changeOrigin: false } },
  },
});
