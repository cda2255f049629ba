import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/forms';
import { managerOf } from '$lib/components/contests/manage.server';
import type { LayoutServerLoad } from './$types';

/** The whole manage area is for organizers (their subtree) and admins; everyone else gets the 403 page. */
export const load: LayoutServerLoad = (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('organizer') && !user.roles.includes('admin')) error(403, m.error_forbidden());
  return { manager: { ...managerOf(user), orgName: user.orgName } };
};
