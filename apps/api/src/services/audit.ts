import type { Tx } from '../data/database';
import { insertAudit, insertAudits, type AuditEntry } from '../data/repos/audit';

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

  /** Many entries of one change (a roster import's accounts), written together. */
  recordMany(t: Tx, entries: readonly AuditEntry[]): Promise<void> {
    return entries.length ? insertAudits(t, this.clock().toISOString(), entries) : Promise.resolve();
  }
}
