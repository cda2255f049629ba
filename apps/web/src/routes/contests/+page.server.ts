import { CONTEST_TIERS } from '@gongjiang/domain';
import { ApiError } from '$lib/server/api';
import { listContests, listTrades, pageParam } from '$lib/server/catalogue';
import { positiveId } from '$lib/server/forms';
import { orgChoices } from '$lib/server/orgs';
import type { OrgScope } from '$lib/orgs';
import type { PageServerLoad } from './$types';

const ALL_ORGS: OrgScope = { under: null, kinds: [] };

export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const tier = CONTEST_TIERS.find((t) => t === url.searchParams.get('tier'));
  const tradeId = positiveId(url.searchParams.get('tradeId')) ?? undefined;
  const orgId = positiveId(url.searchParams.get('orgId')) ?? undefined;
  const open = url.searchParams.get('open') === '1';
  // the organisation tree is only given to signed-in accounts; visitors filter by everything else. At city scale
  // the filter lists the federation and the districts (a district includes its unions' contests) and the chosen one.
  const orgs = event.locals.user
    ? orgChoices(event, ALL_ORGS, { selectedId: orgId }).catch((e) => {
        if (e instanceof ApiError) return null;
        throw e;
      })
    : Promise.resolve(null);
  const params = { q, tier, tradeId, orgId, open: open || undefined, page: pageParam(url), pageSize: 12 };
  const [contests, trades, orgList] = await Promise.all([listContests(event, params), listTrades(event), orgs]);
  return {
    contests,
    trades,
    orgs: orgList,
    filters: { q, tier: tier ?? '', tradeId: tradeId ? String(tradeId) : '', orgId: orgId ? String(orgId) : '', open },
  };
};
