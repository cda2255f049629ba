import { requireRole } from '$lib/server/forms';
import { authSettings } from '$lib/server/identity';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'organizer', 'admin');
  const isAdmin = user.roles.includes('admin');
  // the demo's SMS outbox, for admins, where this installation keeps one
  const outbox = isAdmin && (await authSettings(event)).outboxPage;
  return { orgName: user.orgName, isAdmin, outbox };
};
