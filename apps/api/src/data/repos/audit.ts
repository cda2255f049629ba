import type { Tx } from '../database';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Appends one entry to the audit trail, inside the transaction of the change it records. */
export async function insertAudit(t: Tx, at: string, e: AuditEntry): Promise<void> {
  await t.orm.insert(t.s.auditLog).values({
    at,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason ?? null,
  });
}
