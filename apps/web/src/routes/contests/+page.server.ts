import { ApiError, apiFor } from '$lib/server/api';
import { listContests, listTrades, pageParam, type ListParams } from '$lib/server/catalogue';
import type { Org } from '$lib/types/api';
import type { PageServerLoad } from './$types';

const TIERS = ['city', 'district', 'enterprise'] as const;

function positiveId(raw: string | null): number | undefined {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The organisation tree as select options, each child indented under its parent (federation → district → base union). */
function orgOptions(orgs: Org[]): { id: number; label: string }[] {
  const children = new Map<number | null, Org[]>();
  for (const o of orgs) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
  const ids = new Set(orgs.map((o) => o.id));
  const out: { id: number; label: string }[] = [];
  const walk = (o: Org, depth: number) => {
    out.push({ id: o.id, label: `${'\u3000'.repeat(depth)}${o.name}` });
    for (const c of children.get(o.id) ?? []) walk(c, depth + 1);
  };
  for (const root of orgs.filter((o) => o.parentId === null || !ids.has(o.parentId))) walk(root, 0);
  return out;
}

export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const tierParam = url.searchParams.get('tier') ?? '';
  const tier = (TIERS as readonly string[]).includes(tierParam) ? tierParam : '';
  const tradeId = positiveId(url.searchParams.get('tradeId'));
  const orgId = positiveId(url.searchParams.get('orgId'));
  const open = url.searchParams.get('open') === '1';
  // the organisation tree is only given to signed-in accounts; visitors filter by everything else
  const orgs = event.locals.user
    ? apiFor(event)
        .get<Org[]>('/orgs')
        .catch((e) => {
          if (e instanceof ApiError) return [] as Org[];
          throw e;
        })
    : Promise.resolve([] as Org[]);
  const params = { q, tier, tradeId, orgId, open: open ? 'true' : undefined, page: pageParam(url), pageSize: 12 } as ListParams;
  const [contests, trades, orgList] = await Promise.all([listContests(event, params), listTrades(event), orgs]);
  return {
    contests,
    trades,
    orgs: orgOptions(orgList),
    filters: { q, tier, tradeId: tradeId ? String(tradeId) : '', orgId: orgId ? String(orgId) : '', open },
  };
};
