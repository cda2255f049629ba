// Compiles src/messages/{zh-CN,en}.json into src/lib/paraglide (gitignored) without Vite.
import { compile } from '@inlang/paraglide-js';
import { i18nOptions } from './i18n-options.js';

await compile(i18nOptions);
