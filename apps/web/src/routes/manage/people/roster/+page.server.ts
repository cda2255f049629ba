import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, problemOf } from '$lib/server/api';
import { positiveId, requireUser, text } from '$lib/server/forms';
import { orgChoices } from '$lib/server/orgs';
import { NO_ORG_CHOICES } from '$lib/orgs';
import type { OrgScope } from '$lib/orgs';
import type { Actions, PageServerLoad } from './$types';

const MAX_BYTES = 5 * 1024 * 1024;

/** The base unions an organizer may import a roster into: their own subtree's (admins: all). */
const rosterScope = (manager: { orgId: number | null; isAdmin: boolean }): OrgScope => ({
  under: manager.isAdmin ? null : manager.orgId,
  kinds: ['base'],
});

export type RosterRowError = { row: number; field?: string; message: string };

/** The base-union picker (the organizer's own union selected when it is one). */
export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  const choices = await orgChoices(event, rosterScope(manager), { selectedId: manager.orgId }).catch(() => NO_ORG_CHOICES);
  const own = choices.options.find((o) => o.id === manager.orgId && o.kind === 'base');
  const only = choices.options.length === 1 ? choices.options[0] : undefined;
  return { choices, scope: rosterScope(manager), defaultOrgId: String(own?.id ?? only?.id ?? '') };
};

/**
 * The roster goes to POST /api/orgs/:id/members/import as it was uploaded: a multipart/form-data body with the one
 * part `file`, built here from the page's own upload (the API reads CSV or XLSX). A refusal lists the rows.
 */
async function toApiForm(file: File): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string }> {
  const form = new FormData();
  form.append('file', file, file.name || 'roster.csv');
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

export const actions: Actions = {
  import: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const orgText = text(data, 'orgId');
    const refused = (status: number, message: string, rows: RosterRowError[] = []) =>
      fail(status, { ok: false as const, message, orgId: orgText, rows });
    const orgId = positiveId(orgText);
    if (!orgId) return refused(400, m.roster_err_org());
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return refused(400, m.roster_err_file());
    if (file.size > MAX_BYTES) return refused(400, m.roster_err_too_big());
    try {
      const counts = await call(event, 'importMembers', { params: { id: orgId } }, { raw: await toApiForm(file) });
      return { ok: true as const, message: m.roster_done(counts), orgId: orgText, rows: [] as RosterRowError[] };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return refused(e.status >= 500 ? 503 : e.status, e.message, problemOf(e, 'importMembers', 400)?.rows ?? []);
    }
  },
};
