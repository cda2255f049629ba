import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const u = locals.user;
  return {
    locale: locals.locale,
    // only what the shell needs; never the token or the resident ID
    user: u ? { id: u.id, name: u.name, phone: u.phone, roles: u.roles, orgId: u.orgId, orgName: u.orgName } : null,
  };
};
