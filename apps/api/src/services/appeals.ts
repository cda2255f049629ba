import { appealClosesAt, appealRefusal, decideRefusal, type AppealDecision } from '@gongjiang/domain';
import type { Database } from '../data/database';
import {
  appealById,
  appealsOfEvent,
  hasOpenAppeal,
  hasResult,
  insertAppeal,
  setAppealDecision,
  withdrawResults,
  type AppealRow,
} from '../data/repos/appeals';
import { eventById } from '../data/repos/contests';
import { registrationById } from '../data/repos/registrations';
import { conflict, defineMessages, notFound } from '../lib/errors';
import messages from '../messages/appeals.json' with { type: 'json' };
import type { AuditTrail } from './audit';
import type { JudgingAccess } from './judging';
import type { Caller } from './scope';
import { notifyLater } from './notifications';

defineMessages(messages);

/** Appeals (申诉, domain.md § Contests): filed by the contestant, decided by the chief judge or an organizer. */
export class AppealsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly access: JudgingAccess,
  ) {}

  /** POST /api/registrations/:id/appeals — the worker's own registration only (anyone else's is 404). */
  file(registrationId: number, reason: string, user: Caller, now = new Date()) {
    return this.db.tx(async (t) => {
      const first = await registrationById(t, registrationId);
      if (!first || first.workerId !== user.id) throw notFound('registration');
      await t.lock('events', first.eventId);
      const ev = (await eventById(t, first.eventId))!;
      const refusal = appealRefusal(
        {
          publishedAt: ev.resultsPublishedAt,
          hasResult: await hasResult(t, registrationId),
          appealHours: ev.appealHours,
          openAppeal: await hasOpenAppeal(t, registrationId),
        },
        now,
      );
      if (refusal) throw conflict(refusal, { hours: ev.appealHours });
      const at = now.toISOString();
      const text = reason.trim();
      const id = await insertAppeal(t, {
        eventId: ev.id,
        registrationId,
        workerId: user.id,
        reason: text,
        publishedAt: ev.resultsPublishedAt!,
        at,
      });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'appeal.file',
        entity: 'appeal',
        entityId: id,
        after: { eventId: ev.id, registrationId, status: 'open', publishedAt: ev.resultsPublishedAt },
        reason: text,
      });
      return { id, status: 'open' as const };
    });
  }

  /** GET /api/events/:id/appeals — organizer in scope or the event's chief judge. */
  async list(eventId: number, user: Caller) {
    const h = this.db.read;
    await this.access.managerOrChief(h, eventId, user);
    return (await appealsOfEvent(h, eventId)).map((a) => ({
      id: a.id,
      registrationId: a.registrationId,
      bib: a.bib,
      reason: a.reason,
      status: a.status,
      decision: a.status === 'open' ? null : a.status,
      decidedAt: a.decidedAt,
      decisionReason: a.decisionReason,
      createdAt: a.createdAt,
      publishedAt: a.publishedAt,
    }));
  }

  /**
   * POST /api/appeals/:id/decide — one transaction under the event's lock: the decision, and when upheld the withdrawal of
   * the published results (organizer-only again, names hidden, no promotion from them) until they are published anew.
   */
  async decide(appealId: number, decision: AppealDecision, reason: string, user: Caller, now = new Date()) {
    const known = await appealById(this.db.read, appealId);
    if (!known) throw notFound('appeal');
    return this.db.tx(async (t) => {
      await t.lock('events', known.eventId);
      await this.access.managerOrChief(t, known.eventId, user);
      const a = (await appealById(t, appealId))!;
      const ev = (await eventById(t, a.eventId))!;
      const refusal = decideRefusal(a, decision, ev);
      if (refusal) throw conflict(refusal);
      const at = now.toISOString();
      const text = reason.trim();
      await setAppealDecision(t, a.id, { status: decision, reason: text, by: user.id, at });
      await this.audit.record(t, {
        actorId: user.id,
        action: 'appeal.decide',
        entity: 'appeal',
        entityId: a.id,
        before: { eventId: a.eventId, registrationId: a.registrationId, status: 'open' },
        after: { eventId: a.eventId, registrationId: a.registrationId, status: decision },
        reason: text,
      });
      await notifyLater(t, 'appeal.decided', a.id);
      let resultsWithdrawn = false;
      if (decision === 'upheld' && ev.resultsPublishedAt) {
        const rows = await withdrawResults(t, ev.id, at);
        resultsWithdrawn = true;
        await this.audit.record(t, {
          actorId: user.id,
          action: 'results.withdraw',
          entity: 'event',
          entityId: ev.id,
          before: { resultsPublishedAt: ev.resultsPublishedAt, count: rows.length, results: rows },
          after: { resultsPublishedAt: null, resultsWithdrawnAt: at, appealId: a.id },
          reason: text,
        });
      }
      return { id: a.id, eventId: a.eventId, status: decision, decision, decidedAt: at, resultsWithdrawn };
    });
  }
}

/**
 * What "my registrations" says about appealing one registration: when the window of its published results closes,
 * whether the worker may appeal now, and the latest appeal with its decision.
 */
export function appealState(
  ev: { resultsPublishedAt: string | null; appealHours: number },
  published: boolean,
  latest: AppealRow | undefined,
  now: Date,
) {
  const closes = appealClosesAt(ev.resultsPublishedAt, ev.appealHours);
  const refusal = appealRefusal(
    { publishedAt: ev.resultsPublishedAt, hasResult: published, appealHours: ev.appealHours, openAppeal: latest?.status === 'open' },
    now,
  );
  return {
    appealClosesAt: closes,
    canAppeal: refusal === null,
    appeal: latest
      ? {
          id: latest.id,
          status: latest.status,
          reason: latest.reason,
          decisionReason: latest.decisionReason,
          decidedAt: latest.decidedAt,
          createdAt: latest.createdAt,
        }
      : null,
  };
}
