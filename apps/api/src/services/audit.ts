import type { Db } from '../db';
import { auditLog } from '../db/schema';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Append-only audit trail; call it inside the same transaction as the change it records. `clock`
 * stamps the entries: the wall clock, except where the demo seed replays its history.
 */
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
