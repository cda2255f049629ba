import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { requireAdmin } from '$lib/server/admin';
import { refusalStatus, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const CODE = /^[0-9A-Za-z.-]{1,32}$/;

/** GET /api/trades?q= (code and names). */
export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
  const trades = await call(event, 'listTrades', { query: { q } });
  return { q, trades };
};

export const actions: Actions = {
  /** POST /api/trades; a code already in the catalogue is refused next to the code. */
  create: async (event) => {
    requireAdmin(event);
    const data = await event.request.formData();
    const values = { code: text(data, 'code'), name: text(data, 'name'), nameEn: text(data, 'nameEn') };
    const errors: Record<string, string> = {};
    if (!CODE.test(values.code)) errors.code = m.trades_err_code();
    if (!values.name) errors.name = m.trades_err_name();
    if (!values.nameEn) errors.nameEn = m.trades_err_name_en();
    if (Object.keys(errors).length) return fail(400, { errors, values, message: m.form_errors_summary() });
    try {
      return { created: await call(event, 'createTrade', { body: values }) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const field = e.code === 'CODE_TAKEN' ? { code: m.trades_err_code_taken() } : {};
      return fail(refusalStatus(e), {
        errors: field as Record<string, string>,
        values,
        message: Object.keys(field).length ? m.form_errors_summary() : e.message,
      });
    }
  },
};
