import { requireRole } from '$lib/server/forms';
import { managerOf } from '$lib/components/contests/manage.server';
import type { LayoutServerLoad } from './$types';

/** The whole manage area is for organizers (their subtree) and admins; everyone else gets the 403 page. */
export const load: LayoutServerLoad = (event) => {
  const user = requireRole(event, 'organizer', 'admin');
  return { manager: { ...managerOf(user), orgName: user.orgName } };
};
