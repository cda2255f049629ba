import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import {
  ContestStatus,
  errors,
  Id,
  IdParams,
  Nullable,
  NullableSkillLevel,
  OptionalBody,
  Page,
  PageQuery,
  RegistrationStatus,
  tooEarlyNote,
} from '../common';
import { TradeName } from './contests';
import { Award } from './results';
import { Preliminary, QualifiedFrom, QualifyRule } from './stages';
import { AppealStatus } from './appeals';
import { RegistrationMode } from './event-schemas';

const ops = taggedOperations('registrations');

const RegStatus = RegistrationStatus;

/** POST /api/events/:id/registrations: where the worker stands. */
export const RegistrationOutcome = Type.Object(
  { id: Type.Integer(), eventId: Type.Integer(), status: RegStatus, waitlistPosition: Nullable(Type.Integer()) },
  { $id: 'RegistrationOutcome' },
);

/** A registration that moved up from the waiting list into a freed seat. */
const Promoted = Type.Object({ id: Type.Integer(), status: RegStatus }, { $id: 'PromotedRegistration' });

/** An approval or rejection, with whoever took the freed seat. */
export const RegistrationDecision = Type.Object(
  { id: Type.Integer(), status: RegStatus, promoted: Nullable(Promoted) },
  { $id: 'RegistrationDecision' },
);

/** The worker's own result in an event whose results are published. */
export const MyResult = Type.Object(
  { rank: Type.Integer(), total: Type.Number(), theory: Type.Number(), practical: Type.Number(), passed: Type.Boolean(), award: Award },
  { $id: 'MyResult' },
);

/** One of my registrations (GET /api/me/registrations). */
export const MyRegistration = Type.Object(
  {
    id: Type.Integer(),
    status: RegStatus,
    waitlistPosition: Nullable(Type.Integer()),
    bib: Nullable(Type.String()),
    checkedInAt: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    createdAt: Type.String(),
    event: Type.Object({ id: Type.Integer(), trade: TradeName, venue: Nullable(Type.String()), resultsPublished: Type.Boolean() }),
    contest: Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      registrationClosesAt: Type.String(),
      venue: Nullable(Type.String()),
    }),
    canCancel: Type.Boolean({ description: 'the worker may still cancel it (registration has not closed)' }),
    /** the worker's own result, once the event's results are published */
    result: Nullable(MyResult),
    /** 晋级决赛: the preliminary this registration advanced from, and the rank there */
    qualifiedFrom: Nullable(QualifiedFrom),
    appealClosesAt: Nullable(
      Type.String({ description: 'when the appeal window of the published results closes (null while not published)' }),
    ),
    canAppeal: Type.Boolean({ description: 'the worker may appeal the result now (window open, no appeal awaiting a decision)' }),
    appeal: Nullable(
      Type.Object(
        {
          id: Type.Integer(),
          status: AppealStatus,
          reason: Type.String(),
          decisionReason: Nullable(Type.String()),
          decidedAt: Nullable(Type.String()),
          createdAt: Type.String(),
        },
        { $id: 'MyAppeal', description: 'the latest appeal of this registration' },
      ),
    ),
    nomination: Nullable(
      Type.Object(
        { orgId: Nullable(Type.Integer()), orgName: Nullable(Type.String()) },
        {
          description:
            '单位推荐: the registration is a nomination by this union (the quota it uses, else the nominating organizer’s); null for a self-registration',
        },
      ),
    ),
  },
  { $id: 'MyRegistration' },
);

/** One row of the organizer's registration desk: phone and resident ID masked. */
export const DeskRegistration = Type.Object(
  {
    id: Type.Integer(),
    workerId: Type.Integer(),
    name: Type.String(),
    phone: Type.String({ description: 'masked' }),
    idNumber: Nullable(Type.String({ description: 'masked' })),
    employer: Nullable(Type.String()),
    skillLevel: NullableSkillLevel,
    status: RegStatus,
    waitlistPosition: Nullable(Type.Integer()),
    bib: Nullable(Type.String()),
    checkedInAt: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    createdAt: Type.String(),
    /** 来自 {preliminary} 第 N 名: a finalist registered by POST /api/events/:id/advance */
    qualifiedFrom: Nullable(QualifiedFrom),
  },
  { $id: 'DeskRegistration' },
);

/** An event at the organizer's desk: its contest, seat counters and the recorded draw. */
export const DeskEvent = Type.Object(
  {
    id: Type.Integer(),
    contest: Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      status: ContestStatus,
      registrationOpensAt: Type.String(),
      registrationClosesAt: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      venue: Nullable(Type.String()),
    }),
    trade: Nullable(TradeName),
    capacity: Type.Integer(),
    confirmed: Type.Integer(),
    pending: Type.Integer(),
    waitlisted: Type.Integer(),
    seatsLeft: Type.Integer(),
    requiresApproval: Type.Boolean(),
    venue: Nullable(Type.String()),
    drawSeed: Nullable(Type.String()),
    drawnAt: Nullable(Type.String()),
    qualifiesFrom: Type.Array(QualifyRule, { description: 'as on the event (GET /api/contests/:id)' }),
    preliminaries: Type.Array(Preliminary, {
      description: 'the same preliminaries with their contest, trade and whether their results are published',
    }),
    registrationMode: RegistrationMode,
  },
  { $id: 'DeskEvent' },
);

export const Reason = Type.Optional(Nullable(Type.String({ maxLength: 500 })));
/** `{reason}` or no body: a word for the worker and the audit trail */
const ReasonBody = OptionalBody({ reason: Reason });

export const registerForEvent = ops.authed('POST', '/events/:id/registrations', {
  operationId: 'registerForEvent',
  summary: 'Register for an event: confirmed, pending (needs approval) or waitlisted',
  description:
    '409 codes: NOMINATION_ONLY (the event takes nominations only), ALREADY_REGISTERED, REGISTRATION_CLOSED, PROFILE_INCOMPLETE, NOT_ELIGIBLE (the message says which rule). Unused quota seats are not open to self-registration: a worker waits when only they are left.',
  params: IdParams,
  response: { 201: RegistrationOutcome, ...errors(401, 403, 404, 409) },
});

export const cancelRegistration = ops.authed('DELETE', '/registrations/:id', {
  operationId: 'cancelRegistration',
  summary: 'Cancel (the worker until registration closes; an organizer any time); the first waitlisted takes the seat',
  description:
    'A worker declines a nomination (放弃参赛) the same way: its seat goes back to the quota of the union it was nominated under, never to the waiting list. ' +
    'Optional JSON body `{reason}` (recorded in the audit trail).',
  params: IdParams,
  body: ReasonBody,
  response: {
    200: Type.Object({
      id: Type.Integer(),
      status: Type.Literal('cancelled'),
      promoted: Nullable(Promoted),
    }),
    ...errors(401, 404, 409),
  },
});

export const listMyRegistrations = ops.authed('GET', '/me/registrations', {
  operationId: 'listMyRegistrations',
  summary: 'My registrations with status, waitlist position, blind number',
  response: { 200: Type.Array(MyRegistration), ...errors(401, 403) },
});

export const listEventRegistrations = ops.authed('GET', '/events/:id/registrations', {
  operationId: 'listEventRegistrations',
  summary: "The organizer's registration desk (resident IDs masked); search by name, phone, employer or bib",
  params: IdParams,
  querystring: Type.Object({ status: Type.Optional(RegStatus), q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery }),
  response: { 200: Page(DeskRegistration), ...errors(400, 401, 403, 404) },
});

const decisionResponse = {
  200: RegistrationDecision,
  ...errors(400, 401, 403, 404, 409),
};

export const approveRegistration = ops.authed('POST', '/registrations/:id/approve', {
  operationId: 'approveRegistration',
  summary: 'pending → confirmed',
  params: IdParams,
  description: 'Optional JSON body `{reason}`.',
  body: ReasonBody,
  response: decisionResponse,
});

export const rejectRegistration = ops.authed('POST', '/registrations/:id/reject', {
  operationId: 'rejectRegistration',
  summary: 'pending/confirmed/waitlisted → rejected (reason required); frees the seat',
  params: IdParams,
  description: 'JSON body `{reason}` (required to reject: 400 VALIDATION without one).',
  body: ReasonBody,
  response: decisionResponse,
});

export const decideRegistrations = ops.authed('POST', '/registrations/bulk', {
  operationId: 'decideRegistrations',
  summary: 'Approve or reject many registrations at once (all or nothing)',
  body: Type.Object({
    ids: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Reason,
  }),
  response: {
    200: Type.Array(RegistrationDecision),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const drawBibs = ops.authed('POST', '/events/:id/draw', {
  operationId: 'drawBibs',
  summary: 'Draw blind numbers A001… for confirmed registrations; reproducible from the seed; once',
  params: IdParams,
  description:
    'Optional JSON body `{seed}`; a random seed is generated and recorded when none is given. Whoever gets a seat after the draw ' +
    '(moved up from the waiting list, approved, or registered while registration is open) is numbered next in arrival order, ' +
    'after the highest number given (audit action `event.draw_late`). 409 ALREADY_DRAWN the second time. ' +
    tooEarlyNote('registration closes (the contest’s `registrationClosesAt`)'),
  body: OptionalBody({ seed: Type.Optional(Nullable(Type.String({ maxLength: 100 }))) }),
  response: {
    200: Type.Object({
      seed: Type.String(),
      drawnAt: Type.String(),
      assignments: Type.Array(Type.Object({ registrationId: Type.Integer(), bib: Type.String() })),
    }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const checkInContestant = ops.authed('POST', '/registrations/check-in', {
  operationId: 'checkInContestant',
  summary: 'Check a contestant in from what the admission ticket QR gave (the check-in link, GJT1:<code> or the code)',
  description:
    'The ticket QR is a link to the venue check-in page, <origin>/manage/check-in?code=GJT1%3A<code> (URL-encoded; the origin is the ' +
    'site as the ticket request reached it), so a staff phone camera opens it; tickets printed before carry GJT1:<code>, which ' +
    'still checks in, and the code alone (printed on the ticket as 核验码) does too. 404 UNKNOWN_TICKET (also out of scope); ' +
    '409 NOT_CONFIRMED; 409 ALREADY_CHECKED_IN the second time, with `checkedInAt` (and the time in the message).',
  body: Type.Object({
    code: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'the URL …/manage/check-in?code=GJT1%3A<code> (the QR), GJT1:<code> (older tickets), or the code',
    }),
  }),
  response: {
    200: Type.Object({
      registrationId: Type.Integer(),
      bib: Nullable(Type.String()),
      name: Type.String(),
      event: Type.Object({ id: Type.Integer(), contest: Type.String(), trade: Type.String() }),
      checkedInAt: Type.String(),
    }),
    ...errors(400, 401, 403, 404, 409),
  },
});

export const getEvent = ops.authed('GET', '/events/:id', {
  operationId: 'getEvent',
  summary: "An event in the organizer's subtree with its contest, seat counters and the recorded draw (seed, time)",
  params: IdParams,
  response: {
    200: DeskEvent,
    ...errors(401, 403, 404),
  },
});

export const listCheckIns = ops.authed('GET', '/events/:id/check-ins', {
  operationId: 'listCheckIns',
  summary: 'Who has checked in at the venue',
  params: IdParams,
  response: {
    200: Type.Array(
      Type.Object({
        registrationId: Type.Integer(),
        bib: Nullable(Type.String()),
        name: Type.String(),
        checkedInAt: Nullable(Type.String()),
      }),
    ),
    ...errors(401, 403, 404),
  },
});
