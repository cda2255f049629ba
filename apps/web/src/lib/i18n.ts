/** Locale-aware formatting shared by pages and components (messages themselves live in src/messages). */
import { SKILL_LEVEL_NAMES, type SkillLevel } from '@gongjiang/domain';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';
import type { Role, ContestTier as Tier } from '@gongjiang/domain';

const TIME_ZONE = 'Asia/Shanghai';

export function isEnglish(locale: Locale = getLocale()): boolean {
  return locale === 'en';
}

export function skillLevelName(level: SkillLevel | null | undefined, locale: Locale = getLocale()): string {
  if (!level) return m.skill_level_none();
  const names = SKILL_LEVEL_NAMES[level];
  return isEnglish(locale) ? names.en : names.zh;
}

/** A trade's name in the current language (the catalogue always has a Chinese name). */
export function tradeName(
  trade: { name?: string | null; nameEn?: string | null } | null | undefined,
  locale: Locale = getLocale(),
): string {
  if (!trade) return '';
  return (isEnglish(locale) ? trade.nameEn || trade.name : trade.name || trade.nameEn) ?? '';
}

export function formatDate(iso: string | null | undefined, locale: Locale = getLocale()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: Locale = getLocale()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** An instant with its year, in Beijing time (UTC+8) whatever the reader's clock: what the audit trail shows. */
export function formatInstant(iso: string, locale: Locale = getLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

export function dateRange(from: string | null | undefined, to: string | null | undefined): string {
  const a = formatDate(from);
  const b = formatDate(to);
  return a === b ? a : m.date_range({ from: a, to: b });
}

export function tierName(tier: Tier): string {
  return { city: m.tier_city, district: m.tier_district, enterprise: m.tier_enterprise }[tier]?.() ?? tier;
}

export function roleName(role: Role): string {
  return { worker: m.role_worker, judge: m.role_judge, organizer: m.role_organizer, admin: m.role_admin }[role]?.() ?? role;
}
