/** Numbers the way the union's own report writes them (seed: "培训职工10.75万人次", "技能比赛400多场"). */
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';
import type { FigureKey, Figures } from './types';

/**
 * Exact figures: from 100,000 up in 万 with at most two decimals (107,500 → 10.75万, 512,000 → 51.2万),
 * below that with thousands separators (6,104). English always in full.
 */
export function reportNumber(n: number, locale = getLocale()): string {
  if (locale !== 'en' && n >= 100_000) {
    const wan = Math.round(n / 100) / 100;
    return `${wan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万`;
  }
  return n.toLocaleString(locale === 'en' ? 'en' : 'zh-CN');
}

/** The change against last year as a signed share (null when last year was 0). */
export function change(cur: number, prev: number): number | null {
  return prev > 0 ? (cur - prev) / prev : null;
}

export function percent(share: number, locale = getLocale()): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(Math.abs(share));
}

export type Direction = 'up' | 'down' | 'same' | 'new' | 'none';

export function direction(cur: number, prev: number): Direction {
  if (prev === 0) return cur > 0 ? 'new' : 'none';
  return cur > prev ? 'up' : cur < prev ? 'down' : 'same';
}

/** "比2025年增长 12.5%" and friends, for the headline cards. */
export function changeText(cur: number, prev: number, prevYear: number): string {
  const d = direction(cur, prev);
  const pct = percent(change(cur, prev) ?? 0);
  if (d === 'up') return m.dash_change_up({ year: String(prevYear), pct });
  if (d === 'down') return m.dash_change_down({ year: String(prevYear), pct });
  if (d === 'same' || d === 'none') return m.dash_change_same({ year: String(prevYear) });
  return m.dash_change_new({ year: String(prevYear) });
}

/** Each figure's label and unit, in report order. */
export function figureMeta(): { key: FigureKey; label: string; unit: string }[] {
  return [
    { key: 'contests', label: m.dash_fig_contests(), unit: m.dash_unit_contests() },
    { key: 'trades', label: m.dash_fig_trades(), unit: m.dash_unit_trades() },
    { key: 'participants', label: m.dash_fig_participants(), unit: m.dash_unit_person_times() },
    { key: 'trainingClasses', label: m.dash_fig_training_classes(), unit: m.dash_unit_classes() },
    { key: 'trainees', label: m.dash_fig_trainees(), unit: m.dash_unit_person_times() },
    { key: 'promotions', label: m.dash_fig_promotions(), unit: m.dash_unit_person_times() },
    { key: 'highSkillPromotions', label: m.dash_fig_high_skill(), unit: m.dash_unit_people() },
  ];
}

export const isEmpty = (f: Figures) => Object.values(f).every((v) => v === 0);

/** Query string of the dashboard's own parameters, defaults left out. */
export function dashQuery(p: { year?: number; org?: number; trade?: number }): string {
  const q = new URLSearchParams();
  if (p.year) q.set('year', String(p.year));
  if (p.org) q.set('org', String(p.org));
  if (p.trade) q.set('trade', String(p.trade));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** "3月" in Chinese, "Mar" in English. */
export function monthLabel(month: number, locale = getLocale()): string {
  if (locale === 'en') return new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
  return m.dash_month({ month: String(month) });
}
