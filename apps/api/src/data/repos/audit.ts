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

const auditRow = (at: string, e: AuditEntry) => ({
  at,
  actorId: e.actorId,
  action: e.action,
  entity: e.entity,
  entityId: e.entityId,
  before: e.before ?? null,
  after: e.after ?? null,
  reason: e.reason ?? null,
});

/** Appends one entry to the audit trail, inside the transaction of the change it records. */
export async function insertAudit(t: Tx, at: string, e: AuditEntry): Promise<void> {
  await t.orm.insert(t.s.auditLog).values(auditRow(at, e));
}

/** Appends many entries (one per account of a roster import), a few hundred per statement. */
export async function insertAudits(t: Tx, at: string, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await t.orm.insert(t.s.auditLog).values(entries.slice(i, i + 200).map((e) => auditRow(at, e)));
  }
}
