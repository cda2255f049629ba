import type { Db } from '../db';
import { notFound } from '../lib/errors';
import type { AuthUser, OrgScope } from '../plugins/auth';
import { hasRole } from '../plugins/auth';

/**
 * The two synchronous event checks that services/event-edit.ts (removing a judge, not yet on the async data layer)
 * makes inside its own transaction. Judging itself reads through data/repos/judging.ts and JudgingAccess; this goes
 * when event-edit moves (it then calls managedEvent from ./event-access and assignment() from data/repos/judging).
 */
export class EventAccess {
  private readonly st;

  constructor(
    db: Db,
    private readonly scope: OrgScope,
  ) {
    const c = db.$client;
    this.st = {
      event: c.prepare<[number], { orgId: number; resultsPublishedAt: string | null }>(
        `select c.org_id as orgId, e.results_published_at as resultsPublishedAt from events e join contests c on c.id = e.contest_id where e.id = ?`,
      ),
      assignment: c.prepare<[number, number], { id: number; chief: number; submittedAt: string | null }>(
        `select id, chief, submitted_at as submittedAt from judge_assignments where event_id = ? and judge_id = ?`,
      ),
    };
  }

  /** The event for an organizer in scope; anyone else gets 404. */
  managed(eventId: number, user: AuthUser): { resultsPublishedAt: string | null } {
    const ev = this.st.event.get(eventId);
    if (!ev || !hasRole(user, 'organizer', 'admin') || !this.scope.contains(user, ev.orgId)) throw notFound('event');
    return ev;
  }

  assignment(eventId: number, judgeId: number): { id: number; chief: boolean; submittedAt: string | null } | null {
    const a = this.st.assignment.get(eventId, judgeId);
    return a ? { ...a, chief: !!a.chief } : null;
  }
}
