import { listContests, listTrades, pageParam } from '$lib/server/catalogue';
import type { PageServerLoad } from './$types';

const TIERS = ['city', 'district', 'enterprise'] as const;

export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const tierParam = url.searchParams.get('tier') ?? '';
  const tier = (TIERS as readonly string[]).includes(tierParam) ? tierParam : '';
  const tradeParam = Number(url.searchParams.get('tradeId'));
  const tradeId = Number.isInteger(tradeParam) && tradeParam > 0 ? tradeParam : undefined;
  const [contests, trades] = await Promise.all([
    listContests(event, { q, tier, tradeId, page: pageParam(url), pageSize: 12 }),
    listTrades(event),
  ]);
  return { contests, trades, filters: { q, tier, tradeId: tradeId ? String(tradeId) : '' } };
};
