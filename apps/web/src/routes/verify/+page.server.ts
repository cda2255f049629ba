import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The code form is a GET form to this page: a code in the query goes to its verification page. */
export const load: PageServerLoad = ({ url }) => {
  const code = (url.searchParams.get('code') ?? '').trim().slice(0, 200);
  if (code) redirect(303, `/verify/${encodeURIComponent(code)}`);
  return {};
};
