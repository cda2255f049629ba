import { dashboardParams, loadAnnual, tradeFigures } from '$lib/components/dashboard/annual.server';
import type { PageServerLoad } from './$types';

/** /manage/dashboard?year=&org=&trade= — the manage layout has already let only organizers and admins in. */
export const load: PageServerLoad = async (event) => {
  const p = dashboardParams(event.url);
  const result = await loadAnnual(event, p.year, p.org);
  if (!result.ok) return { params: p, result, trade: null };
  const trade = p.trade ? { id: p.trade, ...(await tradeFigures(event, result.annual, p.trade)) } : null;
  return { params: p, result, trade };
};
