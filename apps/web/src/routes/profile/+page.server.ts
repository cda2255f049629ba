import { fail, redirect } from '@sveltejs/kit';
import { isSkillLevel, normalizeResidentId, type SkillLevel } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { ApiError, call, fieldOf } from '$lib/server/api';
import { listTrades } from '$lib/server/catalogue';
import { refusal, refusalStatus, requireUser, secret, text, type FieldErrors } from '$lib/server/forms';
import { residentIdApiError, residentIdError } from '$lib/resident-id';
import { orgChoices, orgSearchFromForm } from '$lib/server/orgs';
import { NO_ORG_CHOICES, type OrgScope } from '$lib/orgs';
import { newPasswordError } from '$lib/server/identity';
import { changePassword, logOutEverywhere } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** A worker's employer is a base union anywhere in the city. */
const EMPLOYERS: OrgScope = { under: null, kinds: ['base'] };

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const isWorker = user.roles.includes('worker');
  const [employers, trades] = isWorker
    ? await Promise.all([
        orgChoices(event, EMPLOYERS, { selectedId: user.profile?.employerOrgId }).catch(() => NO_ORG_CHOICES),
        listTrades(event),
      ])
    : [NO_ORG_CHOICES, []];
  return { me: user, isWorker, employers, employerScope: EMPLOYERS, trades };
};

const PROFILE_FIELDS = ['name', 'idNumber', 'employerOrgId', 'tradeId', 'skillLevel', 'certificateNo', 'unionMember'] as const;

/** Which field an API error is about: its code, or the VALIDATION answer's `fields`. */
function fieldOfApiError(e: ApiError): { field: string; message: string } | null {
  if (e.code === 'ID_NUMBER_TAKEN') return { field: 'idNumber', message: m.error_id_taken() };
  if (e.code === 'LEVEL_LOCKED') return { field: 'skillLevel', message: m.error_level_locked() };
  const hit = fieldOf(e, PROFILE_FIELDS);
  if (!hit) return null;
  const field = hit.name;
  const own: Partial<Record<string, string>> = {
    idNumber: residentIdApiError(hit.error.code),
    employerOrgId: m.error_employer_required(),
    tradeId: m.error_trade_required(),
  };
  return { field, message: own[field] ?? e.message };
}

function profileValues(data: FormData) {
  return {
    name: text(data, 'name'),
    idNumber: text(data, 'idNumber'),
    employerOrgId: text(data, 'employerOrgId'),
    tradeId: text(data, 'tradeId'),
    skillLevel: text(data, 'skillLevel'),
    certificateNo: text(data, 'certificateNo'),
    unionMember: data.get('unionMember') === 'on',
  };
}

/** A password field as typed (never trimmed). */

export const actions: Actions = {
  /** 短信通知: PUT /api/me/notification-settings (a checkbox: present when on). */
  sms: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const on = data.get('smsNotifications') === 'on';
    try {
      await call(event, 'updateMyNotificationSettings', { body: { smsNotifications: on } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(refusalStatus(e), { sms: null, smsMessage: e.message });
    }
    event.locals.user = await call(event, 'getMe', {}).catch(() => event.locals.user);
    return { sms: on };
  },
  /** PUT /api/me/password: the other devices are logged out, this browser carries on with the new session. */
  changePassword: async (event) => {
    const user = requireUser(event);
    const data = await event.request.formData();
    const current = secret(data, 'currentPassword');
    const password = secret(data, 'password');
    const errors: FieldErrors = {};
    if (!current) errors.currentPassword = m.error_current_password();
    const weak = newPasswordError(password, secret(data, 'passwordConfirm'), user.phone);
    if (weak) errors[weak.field] = weak.message;
    if (Object.keys(errors).length) return fail(400, { security: { changed: false, message: m.form_errors_summary(), errors } });
    try {
      await changePassword(event, current, password);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const field = e.code === 'BAD_CREDENTIALS' ? 'currentPassword' : e.code === 'VALIDATION' ? 'password' : null;
      const message = e.code === 'BAD_CREDENTIALS' ? m.error_current_password() : e.message;
      return fail(refusalStatus(e), { security: { changed: false, ...refusal(field, message) } });
    }
    return { security: { changed: true, message: null, errors: {} as FieldErrors } };
  },
  /** POST /api/auth/logout-all: every device, this one included, logs in again. */
  logoutAll: async (event) => {
    requireUser(event);
    await logOutEverywhere(event);
    redirect(303, '/login?loggedOutAll=1');
  },
  /** The employer picker's Find button without JavaScript: the form comes back as typed, with the matches. */
  findEmployer: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    return { values: profileValues(data), employerSearch: await orgSearchFromForm(event, data, 'employerOrgId', EMPLOYERS) };
  },
  save: async (event) => {
    const user = requireUser(event);
    if (!user.roles.includes('worker')) return fail(403, { message: m.profile_not_worker(), errors: {} as FieldErrors, values: null });
    const values = profileValues(await event.request.formData());

    const errors: FieldErrors = {};
    if (!values.name) errors.name = m.error_name_required();
    const idError = residentIdError(values.idNumber);
    if (idError) errors.idNumber = idError;
    const employerOrgId = Number(values.employerOrgId);
    if (!Number.isInteger(employerOrgId) || employerOrgId <= 0) errors.employerOrgId = m.error_employer_required();
    const tradeId = Number(values.tradeId);
    if (!Number.isInteger(tradeId) || tradeId <= 0) errors.tradeId = m.error_trade_required();
    const skillLevel: SkillLevel | null = isSkillLevel(values.skillLevel) ? values.skillLevel : null;
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });

    try {
      await call(event, 'updateMyProfile', {
        body: {
          name: values.name,
          idNumber: normalizeResidentId(values.idNumber),
          employerOrgId,
          tradeId,
          skillLevel,
          certificateNo: values.certificateNo || null,
          unionMember: values.unionMember,
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const hit = fieldOfApiError(e);
      return fail(refusalStatus(e), { ...refusal(hit?.field ?? null, hit?.message ?? e.message), values });
    }
    // fresh session data for the header (the name may have changed)
    event.locals.user = await call(event, 'getMe', {}).catch(() => event.locals.user);
    return { saved: true };
  },
};
