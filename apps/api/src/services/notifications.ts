import { NOTIFICATION_TYPES } from '@gongjiang/contract';
import { beijingDate, isSkillLevel, SKILL_LEVEL_NAMES, type Award } from '@gongjiang/domain';
import type { Database, Handle, Tx } from '../data/database';
import {
  appealSubject,
  certificateSubject,
  insertNotifications,
  markRead,
  notificationsOf,
  numberedRegistrations,
  promotionSubject,
  publishedResults,
  registrationSubject,
  smsRecipients,
  setSmsNotifications,
  smsSetting,
  startingBetween,
  unreadCount,
  type NewNotification,
  type RegistrationSubject,
} from '../data/repos/notifications';
import { insertJobs } from '../data/repos/jobs';
import { enqueue, DEFAULT_MAX_ATTEMPTS, type JobQueue } from './jobs';
import type { AuditTrail } from './audit';
import type { SmsSender } from './sms';

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export { NOTIFICATION_TYPES };

/** The events that also go by SMS to a worker who opted in: the ones that change what the worker must do or where they stand. */
export const SMS_TYPES: ReadonlySet<NotificationType> = new Set([
  'registration.approved',
  'registration.rejected',
  'registration.waitlist_promoted',
  'registration.nominated',
  'draw.done',
  'results.published',
  'promotion.applied',
]);

/**
 * What each event's subject id is: the registration (registration.*), the event (draw.done, results.published — with
 * `at`, the publication, so results published again after an upheld appeal are news again), the appeal, the promotion,
 * the certificate.
 */
export interface NoticePayload {
  type: Exclude<NotificationType, 'reminder'>;
  subject: number;
  at?: string;
}

/**
 * Enqueues the notification of a change INSIDE the change's transaction `t` (the outbox): it commits with the change or
 * not at all, and a worker loop writes the notifications (and their SMS) afterwards — never inside the change.
 */
export function notifyLater(t: Tx, type: NoticePayload['type'], subject: number, at?: string): Promise<void> {
  return enqueue(t, 'notify', at ? { type, subject, at } : { type, subject });
}

/** One notification and, for the SMS types, its text message. */
interface Notice extends NewNotification {
  sms: string | null;
}

const AWARD_ZH: Record<Award, string> = { first: '一等奖', second: '二等奖', third: '三等奖', excellence: '优胜奖' };

const what = (r: Pick<RegistrationSubject, 'contestTitle' | 'tradeName'>) => `「${r.contestTitle}」${r.tradeName ? `${r.tradeName}赛项` : ''}`;
/** 12月6日 09:00, Beijing time */
function beijingWhen(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
const levelZh = (level: string | null) => (level && isSkillLevel(level) ? SKILL_LEVEL_NAMES[level].zh : (level ?? ''));

/**
 * Notifications: written by the `notify` job (one per person and event, INSERT … ON CONFLICT DO NOTHING on
 * `type:subject:user`, so a retried job or two processes write exactly one), texted by `sms` jobs of their own to
 * workers who opted in, read and marked read by their owner (GET/POST /api/me/notifications). Texts are Chinese
 * (the platform stores no language per person; zh-CN is the product's default).
 */
export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly trail: AuditTrail,
    private readonly sms: SmsSender,
    private readonly publicOrigin: string,
  ) {}

  /** The job handlers, on the app's queue. */
  register(queue: JobQueue): void {
    queue.on('notify', (payload) => this.deliver(payload as unknown as NoticePayload));
    queue.on('sms', async (payload) => {
      const { to, text } = payload as { to: string; text: string };
      await this.sms.send({ to, purpose: 'notice', code: '', text, at: new Date().toISOString() });
    });
    queue.on('reminders', (payload) => this.remind(String(payload.date)));
  }

  /** One `notify` job: the texts are made from the rows as they are now, then written once each, with their SMS jobs. */
  private async deliver(p: NoticePayload): Promise<void> {
    await this.db.tx(async (t) => {
      const notices = await this.compose(t, p);
      await this.write(t, notices);
    });
  }

  private async write(t: Tx, notices: Notice[]): Promise<void> {
    if (!notices.length) return;
    const now = new Date().toISOString();
    await insertNotifications(
      t,
      notices.map(({ sms: _sms, ...n }) => n),
      now,
    );
    const texted = notices.filter((n) => n.sms);
    const phones = await smsRecipients(
      t,
      texted.map((n) => n.userId),
    );
    // the SMS is a job of its own, enqueued once (its dedupe key): retrying a failed text never repeats the notification,
    // and a notify job run twice never texts twice
    await insertJobs(
      t,
      texted
        .filter((n) => phones.has(n.userId))
        .map((n) => ({
          kind: 'sms',
          payload: { to: phones.get(n.userId)!, text: n.sms! },
          dedupeKey: `sms:${n.dedupeKey}`,
          runAt: now,
          maxAttempts: DEFAULT_MAX_ATTEMPTS,
        })),
      now,
    );
  }

  private notice(type: NotificationType, subject: string, userId: number, title: string, body: string, link: string, sms?: string): Notice {
    return {
      userId,
      type,
      title,
      body,
      link,
      dedupeKey: `${type}:${subject}:${userId}`,
      sms: SMS_TYPES.has(type) ? `【工匠】${sms ?? body} ${this.publicOrigin}${link}` : null,
    };
  }

  private async compose(h: Handle, p: NoticePayload): Promise<Notice[]> {
    const mine = '/me/registrations';
    switch (p.type) {
      case 'registration.confirmed':
      case 'registration.approved':
      case 'registration.rejected':
      case 'registration.waitlist_promoted':
      case 'registration.nominated': {
        const r = await registrationSubject(h, p.subject);
        if (!r) return [];
        const n = (title: string, body: string, sms?: string) => [this.notice(p.type, String(r.id), r.workerId, title, body, mine, sms)];
        const when = beijingWhen(r.startsAt);
        if (p.type === 'registration.confirmed') return n('报名成功', `你已报名${what(r)}，比赛时间 ${when}。`);
        if (p.type === 'registration.approved') return n('报名已通过审核', `你报名的${what(r)}已通过审核，比赛时间 ${when}。`, `你报名的「${r.contestTitle}」已通过审核。`);
        if (p.type === 'registration.rejected')
          return n('报名未通过审核', `你报名的${what(r)}未通过审核。原因：${r.reason ?? '—'}`, `你报名的「${r.contestTitle}」未通过审核：${r.reason ?? ''}`);
        if (p.type === 'registration.nominated')
          return n('你已被推荐参赛', `你已被推荐参加${what(r)}，比赛时间 ${when}。`, `你已被推荐参加「${r.contestTitle}」。`);
        return r.status === 'pending'
          ? n('候补递补：等待审核', `${what(r)}有空出的名额，你已从候补名单递补，等待主办方审核。`, `「${r.contestTitle}」候补递补，等待审核。`)
          : n('候补转正：你已获得参赛名额', `${what(r)}有空出的名额，你已从候补名单转为正式参赛，比赛时间 ${when}。`, `「${r.contestTitle}」候补转正，你已获得参赛名额。`);
      }
      case 'draw.done':
        return (await numberedRegistrations(h, p.subject)).map((r) =>
          this.notice(
            'draw.done',
            String(r.eventId),
            r.workerId,
            '抽签完成，准考证已可下载',
            `${what(r)}已抽签，你的参赛号为 ${r.bib}。准考证可在“我的报名”中下载。`,
            mine,
            `「${r.contestTitle}」已抽签，你的参赛号 ${r.bib}，请下载准考证。`,
          ),
        );
      case 'results.published':
        return (await publishedResults(h, p.subject)).map((r) => {
          const award = r.award ? `，${AWARD_ZH[r.award as Award] ?? r.award}` : '';
          const mark = `第 ${r.rank} 名，${r.total} 分${award}，${r.passed ? '合格' : '未合格'}`;
          return this.notice(
            'results.published',
            `${r.eventId}@${p.at ?? ''}`,
            r.workerId,
            '成绩已公布',
            `${what(r)}成绩已公布：${mark}。`,
            `/results/${r.eventId}`,
            `「${r.contestTitle}」成绩公布：${mark}。`,
          );
        });
      case 'appeal.decided': {
        const a = await appealSubject(h, p.subject);
        if (!a || a.status === 'open') return [];
        const verdict = a.status === 'upheld' ? '申诉成立，成绩将重新核定' : '申诉未被采纳';
        return [
          this.notice('appeal.decided', String(a.id), a.reg.workerId, '申诉已处理', `你对${what(a.reg)}成绩的申诉已处理：${verdict}。说明：${a.decisionReason ?? '—'}`, mine),
        ];
      }
      case 'promotion.applied': {
        const pr = await promotionSubject(h, p.subject);
        if (!pr) return [];
        const no = pr.certificateNo ? `，证书编号 ${pr.certificateNo}` : '';
        return [
          this.notice(
            'promotion.applied',
            String(pr.id),
            pr.workerId,
            '技能等级已晋升',
            `恭喜！你的技能等级已晋升为${levelZh(pr.toLevel)}${no}。`,
            '/me/skills',
            `恭喜！你已晋升为${levelZh(pr.toLevel)}。`,
          ),
        ];
      }
      case 'certificate.issued': {
        const c = await certificateSubject(h, p.subject);
        if (!c) return [];
        return [
          this.notice(
            'certificate.issued',
            String(c.id),
            c.workerId,
            '证书已颁发',
            `你的证书「${c.title ?? levelZh(c.level)}」已颁发，编号 ${c.certificateNo}。`,
            `/verify/${c.code}`,
          ),
        ];
      }
    }
  }

  /**
   * Enqueues today's reminder scan once (its dedupe key is the Beijing date), to run at 08:00 Beijing time or now if
   * later: every API process calls this now and then (the queue's periodic round); one scan runs per day.
   */
  async scheduleReminders(now = new Date()): Promise<void> {
    const date = beijingDate(now);
    const eight = new Date(`${date}T00:00:00.000Z`); // 08:00 in Beijing
    await this.db.tx((t) => enqueue(t, 'reminders', { date }, { dedupeKey: `reminders:${date}`, runAt: eight > now ? eight : now }));
  }

  /** The reminder scan of `date`: one reminder per person for each contest and class session starting the day after. */
  private async remind(date: string): Promise<void> {
    const from = new Date(Date.parse(`${date}T16:00:00.000Z`)); // the next day, 00:00 in Beijing
    const to = new Date(from.getTime() + 24 * 3600 * 1000);
    await this.db.tx(async (t) => {
      const due = await startingBetween(t, from.toISOString(), to.toISOString());
      await this.write(
        t,
        due.map((d) => {
          const at = beijingWhen(d.startsAt).split(' ')[1];
          const where = d.venue ? `，地点：${d.venue}` : '';
          return d.kind === 'contest'
            ? this.notice('reminder', `contest:${d.occurrenceId}`, d.workerId, '明天比赛', `「${d.title}」明天 ${at} 开始${where}。`, `/contests/${d.subjectId}`)
            : this.notice('reminder', `session:${d.occurrenceId}`, d.workerId, '明天上课', `「${d.title}」明天 ${at} 有课${where}。`, `/trainings/${d.subjectId}`);
        }),
      );
    });
  }

  /** GET /api/me/notifications */
  async list(userId: number, unreadOnly: boolean, page: number, pageSize: number) {
    const r = await notificationsOf(this.db.read, userId, unreadOnly, pageSize, (page - 1) * pageSize);
    return { ...r, items: r.items.map((i) => ({ ...i, type: i.type as NotificationType })), page, pageSize };
  }

  unread(userId: number): Promise<number> {
    return unreadCount(this.db.read, userId);
  }

  /** POST /api/me/notifications/read: the caller's own only — another person's ids match nothing. */
  async markRead(userId: number, ids: readonly number[] | null): Promise<void> {
    await this.db.tx(async (t) => {
      await t.lock('users', userId);
      await markRead(t, userId, ids, new Date().toISOString());
    });
  }

  /** PUT /api/me/notification-settings: the SMS opt-in, audited as an account change. */
  async setSms(userId: number, on: boolean): Promise<{ smsNotifications: boolean }> {
    return this.db.tx(async (t) => {
      await t.lock('users', userId);
      const before = await smsSetting(t, userId);
      if (before !== on) {
        await setSmsNotifications(t, userId, on, new Date().toISOString());
        await this.trail.record(t, {
          actorId: userId,
          action: 'user.sms_notifications',
          entity: 'user',
          entityId: userId,
          before: { smsNotifications: before },
          after: { smsNotifications: on },
        });
      }
      return { smsNotifications: on };
    });
  }

  smsSetting(userId: number): Promise<boolean> {
    return smsSetting(this.db.read, userId);
  }
}
