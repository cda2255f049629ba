import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';
import { i18nOptions } from './scripts/i18n-options.js';

export default defineConfig({
  plugins: [paraglideVitePlugin(i18nOptions), sveltekit()],
  server: {
    // In production the API serves /api on this origin; in `vite dev` forward it (ticket PDFs, API docs).
    proxy: { '/api': { target: process.env.API_URL || 'http://127.0.0.1:3100', changeOrigin: false } },
  },
});
