import { PROMOTION_SOURCES } from '@gongjiang/domain';
import { queryString } from '@gongjiang/contract';
import { ApiError, call } from '$lib/server/api';
import { listTrades, pageParam } from '$lib/server/catalogue';
import { positiveId } from '$lib/server/forms';
import { requireOrganizer } from '$lib/components/training/organizer.server';
import type { Organisation as Org } from '@gongjiang/contract';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const sp = event.url.searchParams;
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const year = Math.min(Math.max(positiveId(sp.get('year')) ?? thisYear, 2000), 2100);
  const source = PROMOTION_SOURCES.find((s) => s === sp.get('source'));
  const filters = {
    year,
    orgId: positiveId(sp.get('orgId')) ?? undefined,
    tradeId: positiveId(sp.get('tradeId')) ?? undefined,
    source,
    highSkill: sp.get('highSkill') === 'true' || undefined,
  };
  const page = pageParam(event.url);
  const [orgs, trades, records] = await Promise.all([
    call(event, 'listOrgs', { query: { kind: 'federation,district' } }).catch((): Org[] => []),
    listTrades(event),
    call(event, 'listPromotions', { query: { ...filters, page, pageSize: 50 } }).catch((e: unknown) => {
      if (e instanceof ApiError) return null;
      throw e;
    }),
  ]);
  return {
    filters,
    thisYear,
    orgs,
    trades,
    records: records ?? { items: [], total: 0, page, pageSize: 50 },
    unavailable: !records,
    exportQuery: queryString(filters),
  };
};
