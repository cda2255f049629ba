import { fail } from '@sveltejs/kit';
import { selfCheckIn } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { confirmed, orNotFound, refused, text } from '$lib/server/forms';
import { idParam, requireOrganizer } from '$lib/components/training/organizer.server';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@gongjiang/domain';
import type { TrainingDetail } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

/** The session to show first: the one running or next to start, else the last. */
function currentSession(sessions: TrainingDetail['sessions'], now = Date.now()) {
  return sessions.find((s) => new Date(s.endsAt).getTime() >= now) ?? sessions.at(-1);
}

export const load: PageServerLoad = async (event) => {
  requireOrganizer(event);
  const id = idParam(event.params.id);
  const [training, matrix, roster] = await orNotFound(
    Promise.all([
      call(event, 'getTraining', { params: { id } }),
      call(event, 'getAttendance', { params: { id } }),
      call(event, 'listTrainingEnrolments', { params: { id } }),
    ]),
    { alsoForbidden: true },
  );
  const wanted = Number(event.url.searchParams.get('session'));
  const session = training.sessions.find((s) => s.id === wanted) ?? currentSession(training.sessions) ?? null;
  // once a session is over its code no longer checks anyone in (domain selfCheckIn): no QR to show
  const verdict = session ? selfCheckIn(session, new Date()) : null;
  const checkInClosed = verdict?.ok === false && verdict.reason === 'closed';
  return { training, matrix, roster, session, checkInClosed, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
  attendance: async (event) => {
    requireOrganizer(event);
    const id = idParam(event.params.id);
    const data = await event.request.formData();
    const sessionId = Number(text(data, 'sessionId'));
    if (!Number.isInteger(sessionId) || sessionId <= 0) return fail(400, { action: 'attendance', message: m.error_not_found() });
    // radio groups `status-<enrolmentId>`; unmarked rows are left alone
    const marks = [...data.keys()]
      .filter((k) => k.startsWith('status-'))
      .map((k) => ({ enrolmentId: Number(k.slice(7)), status: text(data, k) as AttendanceStatus }))
      .filter((r) => Number.isInteger(r.enrolmentId) && ATTENDANCE_STATUSES.includes(r.status));
    try {
      await call(event, 'recordAttendance', { params: { id, sessionId }, body: marks });
      return { action: 'attendance', saved: marks.length };
    } catch (e) {
      return refused(e, { action: 'attendance' });
    }
  },
  scores: async (event) => {
    requireOrganizer(event);
    const id = idParam(event.params.id);
    const data = await event.request.formData();
    const rows: { enrolmentId: number; theory: number; practical: number }[] = [];
    for (const key of data.keys()) {
      if (!key.startsWith('theory-')) continue;
      const enrolmentId = Number(key.slice(7));
      const theory = text(data, key);
      const practical = text(data, `practical-${enrolmentId}`);
      if (theory === '' && practical === '') continue; // not examined yet
      rows.push({ enrolmentId, theory: Number(theory || NaN), practical: Number(practical || NaN) });
    }
    if (rows.some((r) => !Number.isFinite(r.theory) || !Number.isFinite(r.practical)))
      return fail(400, { action: 'scores', message: m.training_error_scores() });
    try {
      await call(event, 'saveExamScores', { params: { id }, body: rows });
      return { action: 'scores', saved: rows.length };
    } catch (e) {
      return refused(e, { action: 'scores' });
    }
  },
  complete: async (event) => {
    requireOrganizer(event);
    const id = idParam(event.params.id);
    if (!confirmed(await event.request.formData())) return fail(400, { action: 'complete', message: m.confirm_required() });
    try {
      const outcome = await call(event, 'completeTraining', { params: { id } });
      return { action: 'complete', outcome };
    } catch (e) {
      return refused(e, { action: 'complete' });
    }
  },
};
