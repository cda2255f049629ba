import { error } from '@sveltejs/kit';
import { dashboardParams, loadAnnual } from '$lib/components/dashboard/annual.server';
import type { PageServerLoad } from './$types';

/** /manage/dashboard/report?year=&org= — the printable summary of one year for one organisation's subtree. */
export const load: PageServerLoad = async (event) => {
  const p = dashboardParams(event.url);
  const result = await loadAnnual(event, p.year, p.org);
  if (!result.ok) error(result.status === 404 ? 404 : 503, result.message);
  const kind = result.trail.at(-1)?.kind ?? 'federation';
  return { annual: result.annual, kind, generatedAt: new Date().toISOString() };
};
