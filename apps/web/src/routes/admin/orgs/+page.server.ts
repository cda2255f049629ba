import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, fieldOf } from '$lib/server/api';
import { requireAdmin } from '$lib/server/admin';
import { positiveId, refusalStatus, text } from '$lib/server/forms';
import type { Organisation as Org } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

/** Children listed at once; a district with more (a city district has ~2,000 base unions) is searched by name. */
const LIST_LIMIT = 200;
const KINDS_UNDER: Record<Org['kind'], Org['kind'][]> = { federation: ['district', 'base'], district: ['base'], base: [] };

/** One level of the tree: the organisation (?at=, default the federation), the way up to it, and its children. */
export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const heads = await call(event, 'listOrgs', { query: { kind: 'federation,district' } });
  const byId = new Map(heads.map((o) => [o.id, o]));
  const wanted = positiveId(event.url.searchParams.get('at'));
  const at: Org | null = (wanted ? byId.get(wanted) : undefined) ?? heads.find((o) => o.parentId === null) ?? null;
  const path: Org[] = [];
  for (let o: Org | undefined = at ?? undefined; o; o = o.parentId != null ? byId.get(o.parentId) : undefined) path.unshift(o);
  const children = at ? await call(event, 'listOrgs', { query: { parentId: at.id, limit: LIST_LIMIT + 1, q } }) : [];
  return {
    at,
    path,
    q,
    children: children.slice(0, LIST_LIMIT),
    more: children.length > LIST_LIMIT,
    kinds: at ? KINDS_UNDER[at.kind] : [],
  };
};

export const actions: Actions = {
  /** POST /api/orgs under the organisation on screen. */
  create: async (event) => {
    requireAdmin(event);
    const data = await event.request.formData();
    const values = { name: text(data, 'name'), kind: text(data, 'kind') as Org['kind'], parentId: positiveId(text(data, 'parentId')) };
    if (!values.name)
      return fail(400, { errors: { name: m.orgs_err_name() } as Record<string, string>, values, message: m.form_errors_summary() });
    try {
      const org = await call(event, 'createOrg', { body: values });
      return { created: org };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errors: Record<string, string> =
        e.code === 'ORG_NAME_TAKEN' ? { name: m.orgs_err_name_taken() } : fieldOf(e, ['kind']) ? { kind: e.message } : {};
      return fail(refusalStatus(e), {
        errors,
        values,
        message: Object.keys(errors).length ? m.form_errors_summary() : e.message,
      });
    }
  },
};
