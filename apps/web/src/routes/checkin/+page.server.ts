import { fail } from '@sveltejs/kit';
import { parseCheckInCode } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError, call } from '$lib/server/api';
import { failFromApi, requireUser, text } from '$lib/server/forms';
import type { TrainingCheckInPreview as CheckInPreview } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

/** Longer than any check-in URL; what is typed or pasted beyond it is not a code. */
const MAX_INPUT = 2000;

/**
 * A worker's self check-in at a training session. The session QR encodes `<origin>/checkin?t=GJS1%3A<token>`,
 * so a phone camera opens this page (after logging in, and back here with `t` kept). A recognised code is
 * shown with one button that posts the form; opening the page records nothing. The field also takes the
 * code `GJS1:<token>` typed, or the check-in link pasted (domain parseCheckInCode reads both).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const raw = (event.url.searchParams.get('t') ?? '').trim().slice(0, MAX_INPUT);
  const code = raw ? parseCheckInCode(raw) : null;
  // what the code is (class, session, time, whether this worker can check in) — reading it records nothing
  let preview: CheckInPreview | null = null;
  let unknown = false;
  // the API's refusal of the code itself, said before anything is offered: 409 CHECK_IN_CODE_EXPIRED (codes change every 30 s)
  let refused: string | null = null;
  if (code && user.roles.includes('worker')) {
    try {
      preview = await call(event, 'getTrainingCheckIn', { query: { token: code } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      unknown = e.status === 404;
      if (e.status === 409) refused = e.message;
    }
  }
  return { raw, code, preview, unknown, refused, invalid: raw !== '' && code === null };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const raw = text(await event.request.formData(), 'code').slice(0, MAX_INPUT);
    if (!raw) return fail(400, { message: m.training_checkin_code_required(), code: raw });
    const code = parseCheckInCode(raw);
    if (!code) return fail(400, { message: m.training_checkin_code_invalid(), code: raw });
    try {
      const result = await call(event, 'checkInTrainee', { body: { token: code } });
      return { result, code };
    } catch (e) {
      return failFromApi(e, { code });
    }
  },
};
