import { fail, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { refusalStatus, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** The code form is a GET form to this page: a code in the query goes to its verification page. */
export const load: PageServerLoad = ({ url }) => {
  const code = (url.searchParams.get('code') ?? '').trim().slice(0, 200);
  if (code) redirect(303, `/verify/${encodeURIComponent(code)}`);
  return {};
};

export const actions: Actions = {
  /** POST /api/certificates/lookup: number and name as on the certificate → its verification page; else the same "not found". */
  lookup: async (event) => {
    const data = await event.request.formData();
    const values = { certificateNo: text(data, 'certificateNo').slice(0, 40), name: text(data, 'name').slice(0, 50) };
    if (!values.certificateNo || !values.name) return fail(400, { lookup: { message: m.verify_number_not_found(), values } });
    let code: string;
    try {
      ({ code } = await call(event, 'lookupCertificate', { body: values }, { token: null }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const message = e.status === 404 || e.status === 400 ? m.verify_number_not_found() : e.message;
      return fail(refusalStatus(e), { lookup: { message, values } });
    }
    redirect(303, `/verify/${encodeURIComponent(code)}`);
  },
};
