import type { Db } from '../db';
import { auditLog } from '../db/schema';
import type { Tx } from '../data/database';
import { insertAudit, type AuditEntry } from '../data/repos/audit';

export type { AuditEntry };

/**
 * Append-only audit trail; record inside the same transaction as the change it records. `clock` stamps the entries:
 * the wall clock, except where the demo seed replays its history.
 */
export class AuditTrail {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  record(t: Tx, e: AuditEntry): Promise<void> {
    return insertAudit(t, this.clock().toISOString(), e);
  }
}

/** The synchronous trail of the services not yet on the async data layer (issue 14 moves them one by one). */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  record(e: AuditEntry): void {
    this.db
      .insert(auditLog)
      .values({
        at: this.clock().toISOString(),
        actorId: e.actorId,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        before: e.before ?? null,
        after: e.after ?? null,
        reason: e.reason ?? null,
      })
      .run();
  }
}
