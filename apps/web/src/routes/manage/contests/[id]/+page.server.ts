import { fail, redirect } from '@sveltejs/kit';
import { PROMOTION_TEMPLATES } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { call } from '$lib/server/api';
import { listTrades } from '$lib/server/catalogue';
import { orgSearchFromForm } from '$lib/server/orgs';
import { refused, requireUser, text } from '$lib/server/forms';
import {
  CONTEST_PATHS,
  EVENT_PATHS,
  contestBody,
  contestValues,
  eventBody,
  eventValues,
  failWithApiError,
} from '$lib/components/contests/forms.server';
import { idParam, loadContest, managerOf, ownerOptions, ownerScope } from '$lib/components/contests/manage.server';
import { SPARE_RULE_ROWS, blankRule, stageRows } from '$lib/components/contests/event-values';
import type { ContestTier as Tier } from '@gongjiang/domain';
import type { ResponseOf } from '@gongjiang/contract';
import type { EventValues } from '$lib/components/contests/values';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Default criteria shown in a new event's form (the API's own default scheme). */
const DEFAULT_CRITERIA = [
  { name: '操作规范与安全', maxScore: '20', kind: 'score' },
  { name: '工件精度', maxScore: '40', kind: 'measurement' },
  { name: '工艺与质量', maxScore: '30', kind: 'score' },
  { name: '文明生产', maxScore: '10', kind: 'judgement' },
];
const s = (n: number | null | undefined) => (n == null ? '' : String(n));

function blankEvent(tier: Tier): EventValues {
  const rules = PROMOTION_TEMPLATES[tier].map((r) => ({
    fromRank: s(r.fromRank),
    toRank: s(r.toRank),
    topPercent: s(r.topPercent),
    targetLevel: r.targetLevel,
    capLevel: r.capLevel,
    title: r.title ?? '',
  }));
  return {
    tradeId: '',
    capacity: '30',
    targetLevel: '',
    requiresApproval: false,
    registrationMode: 'open',
    venue: '',
    minLevel: '',
    maxLevel: '',
    minAge: '',
    maxAge: '',
    unionMemberOnly: true,
    theoryWeight: '30',
    practicalWeight: '70',
    aggregation: 'mean',
    passMark: '60',
    awards: { mode: 'count', first: '1', second: '2', third: '3' },
    criteria: DEFAULT_CRITERIA,
    rules: [...rules, ...Array.from({ length: SPARE_RULE_ROWS }, blankRule)],
    stages: stageRows(),
  };
}

export const load: PageServerLoad = async (event) => {
  const { manager } = await event.parent();
  const id = idParam(event.params.id);
  const contest = await loadContest(event, id);
  const [trades, orgs, feeders] = await Promise.all([
    listTrades(event),
    ownerOptions(event, manager, contest.orgId),
    // events that may feed a final of this contest: those of other contests owned in its owner's subtree (the API checks again)
    call(event, 'listContests', { query: { orgId: contest.orgId, pageSize: 100 } }),
  ]);
  const param = (name: string) => Number(event.url.searchParams.get(name)) || null;
  const known = (eventId: number | null) => (contest.events.some((e) => e.id === eventId) ? eventId : null);
  return {
    contest,
    trades,
    orgs,
    orgScope: ownerScope(manager),
    blankEvent: blankEvent(contest.tier),
    preliminaries: feeders.items
      .filter((x) => x.id !== contest.id && x.status !== 'cancelled')
      .flatMap((x) => x.events.map((e) => ({ id: e.id, contestTitle: x.title, trade: e.trade }))),
    created: event.url.searchParams.has('created'),
    /** ?edit=<eventId>: that event's card is shown as its form */
    editEventId: contest.status === 'cancelled' ? null : known(param('edit')),
    /** ?updated=<eventId>&promoted=<n>: the confirmation after an edit */
    updated: known(param('updated')) ? { eventId: param('updated')!, promoted: param('promoted') ?? 0 } : null,
  };
};

function guard(event: RequestEvent) {
  const user = requireUser(event);
  if (!user.roles.includes('organizer') && !user.roles.includes('admin')) return null;
  return idParam(event.params.id);
}

export const actions: Actions = {
  /** The owner picker's Find button without JavaScript: the details form comes back as typed, with the matches. */
  findOrg: async (event) => {
    const user = requireUser(event);
    const data = await event.request.formData();
    const scope = ownerScope(managerOf(user));
    return { action: 'update' as const, values: contestValues(data), orgSearch: await orgSearchFromForm(event, data, 'orgId', scope) };
  },
  update: async (event) => {
    const id = guard(event);
    if (!id) return fail(403, { action: 'update' as const, message: m.error_forbidden(), errors: {}, values: null });
    const values = contestValues(await event.request.formData());
    const { body, errors } = contestBody(values);
    if (Object.keys(errors).length) return fail(400, { action: 'update' as const, message: m.form_errors_summary(), errors, values });
    try {
      await call(event, 'updateContest', { params: { id }, body });
    } catch (e) {
      const f = failWithApiError(e, values, CONTEST_PATHS);
      return fail(f.status, { ...f.data, action: 'update' as const });
    }
    return { action: 'update' as const, message: m.cm_saved() };
  },

  addEvent: async (event) => {
    const id = guard(event);
    if (!id) return fail(403, { action: 'addEvent' as const, message: m.error_forbidden(), errors: {}, eventValues: null });
    const eventValuesIn = eventValues(await event.request.formData());
    const { body, errors } = eventBody(eventValuesIn);
    if (Object.keys(errors).length)
      return fail(400, { action: 'addEvent' as const, message: m.form_errors_summary(), errors, eventValues: eventValuesIn });
    try {
      await call(event, 'addContestEvent', { params: { id }, body });
    } catch (e) {
      const f = failWithApiError(e, eventValuesIn, EVENT_PATHS);
      const { values, ...rest } = f.data;
      return fail(f.status, { ...rest, action: 'addEvent' as const, eventValues: values });
    }
    return { action: 'addEvent' as const, message: m.cm_event_added() };
  },

  /** PATCH /api/events/:id with the whole form; the API refuses what may no longer change (409, shown above the form). */
  editEvent: async (event) => {
    const id = guard(event);
    const data = await event.request.formData();
    const eventId = Number(text(data, 'eventId'));
    const failed = (
      status: number,
      rest: { message: string; code?: string; errors: Record<string, string>; eventValues: EventValues | null },
    ) => fail(status, { action: 'editEvent' as const, eventId, ...rest });
    if (!id) return failed(403, { message: m.error_forbidden(), errors: {}, eventValues: null });
    const values = eventValues(data);
    const { body, errors } = eventBody(values);
    if (Object.keys(errors).length) return failed(400, { message: m.form_errors_summary(), errors, eventValues: values });
    const { tradeId: _fixed, ...patch } = body;
    let result: ResponseOf<'updateEvent'>;
    try {
      result = await call(event, 'updateEvent', { params: { id: eventId }, body: patch });
    } catch (e) {
      const f = failWithApiError(e, values, EVENT_PATHS);
      const { values: kept, ...rest } = f.data;
      return failed(f.status, { ...rest, eventValues: kept });
    }
    redirect(303, `/manage/contests/${id}?updated=${eventId}&promoted=${result.promotedFromWaitlist ?? 0}#ev-${eventId}`);
  },

  publish: async (event) => {
    const id = guard(event);
    if (!id) return fail(403, { action: 'publish' as const, ok: false, message: m.error_forbidden() });
    try {
      await call(event, 'publishContest', { params: { id } });
    } catch (e) {
      return refused(e, { action: 'publish' as const, ok: false });
    }
    return { action: 'publish' as const, ok: true, message: m.cm_published() };
  },

  cancel: async (event) => {
    const id = guard(event);
    if (!id) return fail(403, { action: 'cancel' as const, ok: false, message: m.error_forbidden() });
    const reason = text(await event.request.formData(), 'reason');
    if (!reason) return fail(400, { action: 'cancel' as const, ok: false, message: m.cm_err_reason() });
    try {
      await call(event, 'cancelContest', { params: { id }, body: { reason } });
    } catch (e) {
      return refused(e, { action: 'cancel' as const, ok: false });
    }
    return { action: 'cancel' as const, ok: true, message: m.cm_cancelled() };
  },
};
