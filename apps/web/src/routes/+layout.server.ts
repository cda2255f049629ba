import { isDemoSite } from '$lib/server/site';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const u = event.locals.user;
  return {
    locale: event.locals.locale,
    // only what the shell needs; never the token or the resident ID
    user: u
      ? { id: u.id, name: u.name, phone: u.phone, roles: u.roles, orgId: u.orgId, orgName: u.orgName, unread: u.unreadNotifications }
      : null,
    demo: await isDemoSite(event),
  };
};
