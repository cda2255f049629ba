// Paraglide compiler options shared by vite.config.ts and `npm run check` (which must compile the
// message catalogue before svelte-check can see `$lib/paraglide`).
// Locale order (conventions: Chinese first): the `gj_locale` cookie set by the language switch,
// then Accept-Language, then zh-CN. Per request on the server through AsyncLocalStorage.
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const i18nOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
  cookieName: 'gj_locale',
  emitGitIgnore: false,
  emitPrettierIgnore: false,
  emitReadme: false,
};
