import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('organizer') && !user.roles.includes('admin')) error(403, m.error_forbidden());
  return { orgName: user.orgName, isAdmin: user.roles.includes('admin') };
};
