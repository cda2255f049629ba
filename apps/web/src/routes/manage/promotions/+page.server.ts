import { ApiError, apiFor, query } from '$lib/server/api';
import { listTrades, pageParam } from '$lib/server/catalogue';
import { positiveId } from '$lib/server/forms';
import { requireOrganizer } from '$lib/components/training/organizer.server';
import type { Org, Page } from '$lib/types/api';
import type { PromotionRecord } from '$lib/types/training';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const sp = event.url.searchParams;
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const year = Math.min(Math.max(positiveId(sp.get('year')) ?? thisYear, 2000), 2100);
  const source = sp.get('source') === 'contest' || sp.get('source') === 'training' ? sp.get('source')! : undefined;
  const filters = {
    year,
    orgId: positiveId(sp.get('orgId')) ?? undefined,
    tradeId: positiveId(sp.get('tradeId')) ?? undefined,
    source,
    highSkill: sp.get('highSkill') === 'true' ? 'true' : undefined,
  };
  const page = pageParam(event.url);
  const api = apiFor(event);
  const [orgs, trades, records] = await Promise.all([
    api.get<Org[]>('/orgs?kind=federation,district').catch(() => [] as Org[]),
    listTrades(event),
    api.get<Page<PromotionRecord>>(`/promotions${query({ ...filters, page, pageSize: 50 })}`).catch((e: unknown) => {
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
    exportQuery: query(filters),
  };
};
