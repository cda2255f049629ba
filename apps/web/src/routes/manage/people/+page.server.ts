import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { normalizeResidentId, ROLES } from '@gongjiang/domain';
import { ApiError, call, fieldOf } from '$lib/server/api';
import { pageParam } from '$lib/server/catalogue';
import { type FieldErrors, positiveId, refusalStatus, refused, requireUser, text } from '$lib/server/forms';
import { orgSearchFromForm } from '$lib/server/orgs';
import { managerOf, ownerOptions, ownerScope } from '$lib/components/contests/manage.server';
import type { IdentityCorrectionResult, NewAccountValues } from '$lib/components/people/values';
import { residentIdApiError, residentIdError } from '$lib/resident-id';
import type { Actions, PageServerLoad } from './$types';

const PHONE = /^1[3-9]\d{9}$/;

/** GET /api/users in the organizer's subtree (role, name or phone, page), and the new-account form's organisations. */
export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  const sp = event.url.searchParams;
  const role = ROLES.find((r) => r === sp.get('role')) ?? '';
  const q = (sp.get('q') ?? '').trim().slice(0, 50);
  const page = pageParam(event.url);
  const [accounts, orgs] = await Promise.all([
    call(event, 'listUsers', { query: { role: role || undefined, q: q || undefined, page, pageSize: 20 } }).catch((e: unknown) => {
      if (e instanceof ApiError) return null;
      throw e;
    }),
    ownerOptions(event, manager, manager.orgId),
  ]);
  return {
    filters: { role, q },
    accounts: accounts ?? { items: [], total: 0, totalCapped: false, page, pageSize: 20 },
    unavailable: !accounts,
    orgs,
    orgScope: ownerScope(manager),
    meId: event.locals.user?.id ?? null,
  };
};

function accountValues(data: FormData): NewAccountValues & { password: string } {
  return {
    name: text(data, 'name'),
    phone: text(data, 'phone'),
    password: String(data.get('password') ?? ''),
    roles: ROLES.filter((r) => data.getAll('roles').includes(r)),
    orgId: text(data, 'orgId'),
  };
}

/** Which field an API refusal is about (the contract names the field in VALIDATION messages). */
function fieldError(e: ApiError): [string, string] | null {
  if (e.code === 'PHONE_TAKEN') return ['phone', m.people_err_phone_taken()];
  if (e.code === 'FORBIDDEN') return ['roles', m.people_err_admin()];
  if (e.code === 'NOT_FOUND') return ['orgId', m.people_err_org_scope()];
  const hit = fieldOf(e, ['orgId', 'phone', 'password', 'name', 'roles']);
  if (!hit) return null;
  const texts: Record<string, () => string> = {
    orgId: () => (hit.error.code === 'invalid' ? m.people_err_org_base() : m.people_err_org()),
    phone: () => m.error_phone(),
    password: () => m.error_password_short(),
    name: () => m.error_name_required(),
    roles: () => m.people_err_roles(),
  };
  return [hit.name, texts[hit.name]!()];
}

/** An identity correction refused by the API, on the field it is about when it names one. */
function identityRefusal(e: ApiError): [string, string] | null {
  if (e.code === 'ID_NUMBER_TAKEN') return ['idNumber', m.error_id_taken()];
  const hit = fieldOf(e, ['idNumber', 'reason', 'name']);
  if (!hit) return null;
  if (hit.name === 'idNumber') return ['idNumber', residentIdApiError(hit.error.code)];
  return hit.name === 'reason' ? ['reason', m.people_identity_reason_required()] : ['name', m.error_name_required()];
}

export const actions: Actions = {
  /**
   * PATCH /api/workers/:id/identity {name?, idNumber?, reason}: an organizer corrects a worker's identity on record
   * (the worker cannot once a result, certificate or promotion names them). Only what changed is sent.
   */
  correctIdentity: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const id = positiveId(text(data, 'userId'));
    const currentName = text(data, 'currentName');
    const values = { name: text(data, 'name'), idNumber: normalizeResidentId(text(data, 'idNumber')), reason: text(data, 'reason') };
    const refused = (status: number, message: string | null, errors: FieldErrors = {}) =>
      fail(status, { identity: { id: id ?? 0, done: null, message, errors, values } satisfies IdentityCorrectionResult });
    if (!id) return refused(400, m.form_errors_summary());
    const errors: FieldErrors = {};
    if (!values.name) errors.name = m.error_name_required();
    const idError = values.idNumber ? residentIdError(values.idNumber) : null;
    if (idError) errors.idNumber = idError;
    if (!values.reason) errors.reason = m.people_identity_reason_required();
    if (Object.keys(errors).length) return refused(400, m.form_errors_summary(), errors);
    const body = {
      ...(values.name !== currentName ? { name: values.name } : {}),
      ...(values.idNumber ? { idNumber: values.idNumber } : {}),
      reason: values.reason,
    };
    if (!('name' in body) && !('idNumber' in body)) return refused(400, m.people_identity_nothing());
    try {
      const done = await call(event, 'correctWorkerIdentity', { params: { id }, body });
      return {
        identity: {
          id,
          done: m.people_identity_done({ name: done.name, residentId: done.residentId ?? '—' }),
          message: null,
          errors: {},
          values,
        } satisfies IdentityCorrectionResult,
      };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const hit = identityRefusal(e);
      return refused(refusalStatus(e), hit ? m.form_errors_summary() : e.message, hit ? { [hit[0]]: hit[1] } : {});
    }
  },
  /**
   * POST /api/users/:id/reset-code: a one-time code for a worker at the counter. It is in this answer only — shown
   * once on the page that asked for it, never in the page's data, so a reload or another visit does not show it.
   */
  resetCode: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const id = positiveId(text(data, 'userId'));
    const name = text(data, 'name');
    if (!id) return fail(400, { resetCode: null, message: m.form_errors_summary() });
    try {
      const issued = await call(event, 'issueResetCode', { params: { id } });
      return { resetCode: { id, name, ...issued } };
    } catch (e) {
      return refused(e, { resetCode: null });
    }
  },
  /** PATCH /api/users/:id {disabled}: a departed judge or organizer can no longer log in (and back again). */
  toggle: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const id = Number(text(data, 'userId'));
    const disabled = text(data, 'disabled') === 'true';
    const name = text(data, 'name');
    if (!Number.isInteger(id) || id <= 0) return fail(400, { toggled: null, message: m.form_errors_summary() });
    try {
      await call(event, 'updateUser', { params: { id }, body: { disabled } });
    } catch (e) {
      return refused(e, { toggled: null });
    }
    return { toggled: { id, disabled, message: disabled ? m.people_disabled_done({ name }) : m.people_enabled_done({ name }) } };
  },
  /** The organisation picker's Find button without JavaScript: the form comes back as typed, with the matches. */
  findOrg: async (event) => {
    const user = requireUser(event);
    const data = await event.request.formData();
    const { password: _password, ...values } = accountValues(data);
    return { values, orgSearch: await orgSearchFromForm(event, data, 'orgId', ownerScope(managerOf(user))) };
  },
  /** POST /api/users — the password never comes back to the page. */
  create: async (event) => {
    const user = requireUser(event);
    const { password, ...values } = accountValues(await event.request.formData());
    const errors: FieldErrors = {};
    if (!values.name) errors.name = m.error_name_required();
    if (!PHONE.test(values.phone)) errors.phone = m.error_phone();
    if (password.length < 8) errors.password = m.error_password_short();
    if (!values.roles.length) errors.roles = m.people_err_roles();
    else if (values.roles.includes('admin') && !user.roles.includes('admin')) errors.roles = m.people_err_admin();
    const orgId = Number(values.orgId);
    if (!Number.isInteger(orgId) || orgId <= 0) errors.orgId = m.people_err_org();
    if (Object.keys(errors).length) return fail(400, { message: m.form_errors_summary(), errors, values });
    try {
      await call(event, 'createUser', { body: { name: values.name, phone: values.phone, password, roles: values.roles, orgId } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const hit = fieldError(e);
      return fail(refusalStatus(e), {
        message: hit ? m.form_errors_summary() : e.message,
        errors: (hit ? { [hit[0]]: hit[1] } : {}) as FieldErrors,
        values,
      });
    }
    return { created: { name: values.name, phone: values.phone } };
  },
};
