import { fail } from '@sveltejs/kit';
import { call } from '$lib/server/api';
import { requireAdmin } from '$lib/server/admin';
import { positiveId, refused } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** 后台任务: GET /api/admin/jobs — the queue's counts and its failed jobs (admins). */
export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  return call(event, 'listJobs', {});
};

export const actions: Actions = {
  /** POST /api/admin/jobs/:id/retry: a failed job runs again. */
  retry: async (event) => {
    requireAdmin(event);
    const id = positiveId(String((await event.request.formData()).get('id') ?? ''));
    if (!id) return fail(400, { retried: null, message: null });
    try {
      await call(event, 'retryJob', { params: { id } });
    } catch (e) {
      return refused(e, { retried: null });
    }
    return { retried: id, message: null };
  },
};
