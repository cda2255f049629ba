import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/forms';
import { authSettings } from '$lib/server/identity';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!user.roles.includes('organizer') && !user.roles.includes('admin')) error(403, m.error_forbidden());
  const isAdmin = user.roles.includes('admin');
  // the demo's SMS outbox, for admins, where this installation keeps one
  const outbox = isAdmin && (await authSettings(event)).outboxPage;
  return { orgName: user.orgName, isAdmin, outbox };
};
