/** Notifications (api-contract.md § Notifications, v1.1) and the durable job queue that delivers them (admins). */
import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, Id, IdParams, Nullable, PageQuery } from '../common';

const ops = taggedOperations('notifications');
const systemOps = taggedOperations('system');

export const NOTIFICATION_TYPES = [
  'registration.confirmed',
  'registration.approved',
  'registration.rejected',
  'registration.waitlist_promoted',
  'registration.nominated',
  'draw.done',
  'results.published',
  'appeal.decided',
  'promotion.applied',
  'certificate.issued',
  'reminder',
] as const;

export const NotificationSchema = Type.Object(
  {
    id: Type.Integer(),
    type: Type.Enum(NOTIFICATION_TYPES, { description: 'what happened' }),
    title: Type.String(),
    body: Type.String(),
    link: Nullable(Type.String({ description: 'the page it is about, a path on this site (/me/registrations, /results/12 …)' })),
    createdAt: Type.String(),
    readAt: Nullable(Type.String()),
  },
  { $id: 'Notification' },
);

export const listMyNotifications = ops.authed('GET', '/me/notifications', {
  operationId: 'listMyNotifications',
  summary: 'My notifications, newest first (收件箱)',
  description:
    'Each event produces exactly one notification per person concerned, also when a job is retried or several API processes run. ' +
    'Delivery is asynchronous: a notification appears within seconds of the change. `unread=true` lists only unread ones (`total` then ' +
    'counts those); `unread` is always the number of unread notifications.',
  querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }),
  response: {
    200: Type.Object(
      {
        items: Type.Array(NotificationSchema),
        total: Type.Integer(),
        unread: Type.Integer(),
        page: Type.Integer(),
        pageSize: Type.Integer(),
      },
      { $id: 'NotificationPage' },
    ),
    ...errors(400, 401),
  },
});

export const markMyNotificationsRead = ops.authed('POST', '/me/notifications/read', {
  operationId: 'markMyNotificationsRead',
  summary: 'Mark notifications read: the given ids, or all',
  description: 'Ids of other people’s notifications (or unknown ones) are ignored: only the caller’s own are ever marked.',
  body: Type.Union([
    Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }) }, { additionalProperties: false }),
    Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
  ]),
  response: { 204: Type.Null(), ...errors(400, 401) },
});

export const NotificationSettings = Type.Object(
  { smsNotifications: Type.Boolean({ description: 'important notifications also go by SMS to the account’s phone (default off)' }) },
  { $id: 'NotificationSettings' },
);

export const getMyNotificationSettings = ops.authed('GET', '/me/notification-settings', {
  operationId: 'getMyNotificationSettings',
  summary: 'My notification settings (the SMS opt-in)',
  response: { 200: NotificationSettings, ...errors(401) },
});

export const updateMyNotificationSettings = ops.authed('PUT', '/me/notification-settings', {
  operationId: 'updateMyNotificationSettings',
  summary: 'Turn SMS for important notifications on or off',
  description:
    'SMS go for: registration approved, rejected, moved up from the waiting list, nominated; blind number drawn; results published; ' +
    'promotion applied. Audited as user.sms_notifications.',
  body: Type.Object({ smsNotifications: Type.Boolean() }, { additionalProperties: false }),
  response: { 200: NotificationSettings, ...errors(400, 401) },
});

const JobStatus = Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);
const JobSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({ description: 'notify, sms, reminders' }),
    status: JobStatus,
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    runAt: Type.String({ description: 'due at (pending: the next try)' }),
    lastError: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Job' },
);

export const listJobs = systemOps.authed('GET', '/admin/jobs', {
  operationId: 'listJobs',
  summary: 'The job queue: counts by state, the newest failed and pending jobs (admin)',
  response: {
    200: Type.Object(
      {
        counts: Type.Object({ pending: Type.Integer(), running: Type.Integer(), done: Type.Integer(), failed: Type.Integer() }),
        failed: Type.Array(JobSchema),
        pending: Type.Array(JobSchema),
      },
      { $id: 'JobOverview' },
    ),
    ...errors(401, 403),
  },
});

export const retryJob = systemOps.authed('POST', '/admin/jobs/:id/retry', {
  operationId: 'retryJob',
  summary: 'Run a failed job again with fresh attempts (admin)',
  description: '404 when there is no failed job with this id.',
  params: IdParams,
  response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
});
