import { redirect } from '@sveltejs/kit';
import { logOut } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    await logOut(event);
    redirect(303, '/');
  },
};
