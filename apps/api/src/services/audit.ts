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

/** Append-only audit trail; call it inside the same transaction as the change it records. */
export class AuditService {
  constructor(private readonly db: Db) {}

  record(e: AuditEntry): void {
    this.db
      .insert(auditLog)
      .values({
        at: new Date().toISOString(),
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
