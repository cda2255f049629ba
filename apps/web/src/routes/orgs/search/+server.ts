import { error, json } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/forms';
import { orgChoices } from '$lib/server/orgs';
import type { OrgKind } from '@gongjiang/domain';
import type { RequestHandler } from './$types';

const KINDS: readonly string[] = ['federation', 'district', 'base'];

/** The organisation picker's search as you type: GET /orgs/search?q=&under=&kind= → OrgChoices (through the web session). */
export const GET: RequestHandler = async (event) => {
  requireUser(event);
  const params = event.url.searchParams;
  const under = params.get('under');
  const kinds = (params.get('kind') ?? '').split(',').filter(Boolean);
  if ((under !== null && !/^[1-9]\d{0,9}$/.test(under)) || kinds.some((k) => !KINDS.includes(k))) error(400, m.org_bad_query());
  const choices = await orgChoices(event, { under: under ? Number(under) : null, kinds: kinds as OrgKind[] }, { q: params.get('q') ?? '' });
  return json(choices, { headers: { 'cache-control': 'private, max-age=60' } });
};
