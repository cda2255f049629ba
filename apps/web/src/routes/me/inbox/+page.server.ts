import { fail } from '@sveltejs/kit';
import { ApiError, call } from '$lib/server/api';
import { positiveId, refusalStatus, requireUser } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** 收件箱: GET /api/me/notifications, newest first, a page at a time; `?unread=1` keeps the unread ones. */
export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const page = positiveId(event.url.searchParams.get('page')) ?? 1;
  const unread = event.url.searchParams.get('unread') === '1';
  const list = await call(event, 'listMyNotifications', { query: { page: Math.min(page, 100_000), pageSize: PAGE_SIZE, unread } });
  return { ...list, unreadOnly: unread, pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)) };
};

/** Marks one notification (`id`) or all of them read; the header's count is read again for this answer. */
async function mark(event: Parameters<Actions[string]>[0], all: boolean) {
  requireUser(event);
  const data = await event.request.formData();
  const id = positiveId(String(data.get('id') ?? ''));
  if (!all && !id) return fail(400, { marked: false, all, message: null as string | null });
  try {
    await call(event, 'markMyNotificationsRead', { body: all ? { all: true } : { ids: [id!] } });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return fail(refusalStatus(e), { marked: false, all, message: e.message as string | null });
  }
  event.locals.user = await call(event, 'getMe', {}).catch(() => event.locals.user);
  return { marked: true, all, message: null as string | null };
}

export const actions: Actions = {
  read: (event) => mark(event, false),
  readAll: (event) => mark(event, true),
};
