/** The dashboard's and the report's data: one year of GET /api/stats/annual for an organisation, with its breadcrumb. */
import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, call } from '$lib/server/api';
import type { Annual, Figures, TrailItem, TradeRow } from './types';

const positive = (raw: string | null) => {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : undefined;
};

export function beijingYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

/** ?year=&org=&trade= as the dashboard reads them; out-of-range years fall back to this year. */
export function dashboardParams(url: URL) {
  const thisYear = beijingYear();
  const y = positive(url.searchParams.get('year'));
  return {
    thisYear,
    year: y && y >= 2000 && y <= thisYear + 1 ? y : thisYear,
    org: positive(url.searchParams.get('org')),
    trade: positive(url.searchParams.get('trade')),
  };
}

export type AnnualResult = { ok: true; annual: Annual; trail: TrailItem[] } | { ok: false; status: number; message: string };

/** One year for one organisation (the caller's own when `org` is undefined) and the trail down to it. */
export async function loadAnnual(event: RequestEvent, year: number, org: number | undefined): Promise<AnnualResult> {
  try {
    const [annual, trail] = await Promise.all([
      call(event, 'getAnnualStats', { query: { year, orgId: org } }),
      call(event, 'getOrgTrail', { query: { orgId: org } }),
    ]);
    return { ok: true, annual, trail };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, status: e.status, message: e.message };
    throw e;
  }
}

/**
 * The trade filter, computed here from the existing response rather than by a new API parameter:
 * the trade's row of byTrade this year, and the same row of last year's report for the comparison
 * (one more request, only when a trade is chosen). `trades` is 1 when the trade had a contest.
 */
export async function tradeFigures(event: RequestEvent, annual: Annual, tradeId: number) {
  const row = annual.byTrade.find((t) => t.tradeId === tradeId);
  let prevRow: TradeRow | undefined;
  try {
    const prev = await call(event, 'getAnnualStats', { query: { year: annual.year - 1, orgId: annual.orgId } });
    prevRow = prev.byTrade.find((t) => t.tradeId === tradeId);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  const figures = (r: TradeRow | undefined): Figures => ({
    contests: r?.contests ?? 0,
    trades: r && r.contests > 0 ? 1 : 0,
    participants: r?.participants ?? 0,
    trainingClasses: r?.trainingClasses ?? 0,
    trainees: r?.trainees ?? 0,
    promotions: r?.promotions ?? 0,
    highSkillPromotions: r?.highSkillPromotions ?? 0,
  });
  const named = row ?? prevRow;
  return {
    trade: named ? { name: named.name, nameEn: named.nameEn } : null,
    current: figures(row),
    previous: { year: annual.year - 1, ...figures(prevRow) },
  };
}
