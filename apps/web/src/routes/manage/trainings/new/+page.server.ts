import { fail, redirect } from '@sveltejs/kit';
import { isSkillLevel } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { listTrades } from '$lib/server/catalogue';
import { failFromApi, text, type FieldErrors } from '$lib/server/forms';
import { requireOrganizer } from '$lib/components/training/organizer.server';
import { beijingLocalToIso } from '$lib/components/training/shanghai';
import { managerOf, ownerOptions, ownerScope } from '$lib/components/contests/manage.server';
import type { TrainingDetail } from '@gongjiang/contract';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireOrganizer(event);
  const manager = managerOf(user);
  const [orgs, trades] = await Promise.all([ownerOptions(event, manager, user.orgId), listTrades(event)]);
  return { orgs, orgScope: ownerScope(manager), trades, defaultOrgId: user.orgId };
};

/** The session rows of the form: `sessionStart-<i>` (date and time) and `sessionEnd-<i>` (time of day). */
function sessionRows(data: FormData) {
  const rows: { start: string; end: string }[] = [];
  for (let i = 0; data.has(`sessionStart-${i}`); i++)
    rows.push({ start: text(data, `sessionStart-${i}`), end: text(data, `sessionEnd-${i}`) });
  return rows;
}

export const actions: Actions = {
  default: async (event) => {
    requireOrganizer(event);
    const data = await event.request.formData();
    const values = {
      title: text(data, 'title'),
      tradeId: text(data, 'tradeId'),
      targetLevel: text(data, 'targetLevel'),
      orgId: text(data, 'orgId'),
      capacity: text(data, 'capacity'),
      venue: text(data, 'venue'),
      enrolOpensAt: text(data, 'enrolOpensAt'),
      enrolClosesAt: text(data, 'enrolClosesAt'),
      attendancePct: text(data, 'attendancePct'),
      passMark: text(data, 'passMark'),
      sessions: sessionRows(data),
    };
    // "add a session" without JavaScript: the same form back with one more row
    if (text(data, 'intent') === 'add')
      return { values: { ...values, sessions: [...values.sessions, { start: '', end: '' }] }, added: true };

    const errors: FieldErrors = {};
    if (!values.title) errors.title = m.training_error_required();
    const tradeId = Number(values.tradeId);
    if (!Number.isInteger(tradeId) || tradeId <= 0) errors.tradeId = m.error_trade_required();
    const targetLevel = isSkillLevel(values.targetLevel) ? values.targetLevel : null;
    if (!targetLevel) errors.targetLevel = m.training_error_required();
    const orgId = Number(values.orgId);
    if (!Number.isInteger(orgId) || orgId <= 0) errors.orgId = m.training_error_required();
    const capacity = Number(values.capacity);
    if (!Number.isInteger(capacity) || capacity < 1) errors.capacity = m.training_error_capacity();
    const enrolOpensAt = beijingLocalToIso(values.enrolOpensAt);
    const enrolClosesAt = beijingLocalToIso(values.enrolClosesAt);
    if (!enrolOpensAt) errors.enrolOpensAt = m.training_error_datetime();
    if (!enrolClosesAt) errors.enrolClosesAt = m.training_error_datetime();
    else if (enrolOpensAt && enrolClosesAt <= enrolOpensAt) errors.enrolClosesAt = m.training_error_closes_after();
    const pct = values.attendancePct === '' ? 80 : Number(values.attendancePct);
    if (!(pct >= 0 && pct <= 100)) errors.attendancePct = m.training_error_percent();
    const passMark = values.passMark === '' ? 60 : Number(values.passMark);
    if (!(passMark >= 0 && passMark <= 100)) errors.passMark = m.training_error_percent();

    const sessions: { startsAt: string; endsAt: string }[] = [];
    values.sessions.forEach((row, i) => {
      if (!row.start && !row.end) return; // blank rows are spare rows
      const startsAt = beijingLocalToIso(row.start);
      if (!startsAt || !/^\d{2}:\d{2}$/.test(row.end)) {
        errors[`session-${i}`] = m.training_error_session();
        return;
      }
      // the end is a time of day on the start's date, or the next day when it is not after the start
      let endsAt = `${row.start.slice(0, 10)}T${row.end}:00+08:00`;
      if (new Date(endsAt) <= new Date(startsAt)) endsAt = new Date(new Date(endsAt).getTime() + 86_400_000).toISOString();
      sessions.push({ startsAt, endsAt });
    });
    if (!sessions.length && !Object.keys(errors).some((k) => k.startsWith('session-')))
      errors['session-0'] = m.training_error_no_sessions();
    if (Object.keys(errors).length || !targetLevel || !enrolOpensAt || !enrolClosesAt)
      return fail(400, { message: m.form_errors_summary(), errors, values });

    let created: TrainingDetail;
    try {
      created = await call(event, 'createTraining', {
        body: {
          title: values.title,
          tradeId,
          targetLevel,
          orgId,
          capacity,
          venue: values.venue || null,
          enrolOpensAt,
          enrolClosesAt,
          sessions,
          attendanceRequired: pct / 100,
          passMark,
        },
      });
    } catch (e) {
      return failFromApi(e, values);
    }
    redirect(303, `/manage/trainings/${created.id}?created=1`);
  },
};
