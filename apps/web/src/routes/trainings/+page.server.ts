import { listTrades, listTrainings, pageParam } from '$lib/server/catalogue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const tradeParam = Number(url.searchParams.get('tradeId'));
  const tradeId = Number.isInteger(tradeParam) && tradeParam > 0 ? tradeParam : undefined;
  const [trainings, trades] = await Promise.all([
    listTrainings(event, { q, tradeId, page: pageParam(url), pageSize: 12 }),
    listTrades(event),
  ]);
  return { trainings, trades, filters: { q, tradeId: tradeId ? String(tradeId) : '' } };
};
