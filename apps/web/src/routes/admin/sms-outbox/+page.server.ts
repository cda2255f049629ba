import type { SmsMessage } from '@gongjiang/contract';
import { ApiError, call } from '$lib/server/api';
import { requireAdmin } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

/** GET /api/admin/sms-outbox: the demo's texts, newest first (404 when the installation texts for real or it is off). */
export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const phone = (event.url.searchParams.get('phone') ?? '').trim();
  const valid = /^1[3-9]\d{9}$/.test(phone);
  try {
    const { items } = await call(event, 'listSmsOutbox', { query: { phone: valid ? phone : undefined, limit: 100 } });
    return { phone, items, available: true };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    return { phone, items: [] as SmsMessage[], available: false };
  }
};
