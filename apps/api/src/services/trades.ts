import type { Database } from '../data/database';
import { insertTrade, listTrades, tradeByCode, tradeById } from '../data/repos/trades';
import { conflict } from '../lib/errors';
import type { AuditTrail } from './audit';

export class TradesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  list(q?: string) {
    return listTrades(this.db.read, q);
  }

  byId(id: number) {
    return tradeById(this.db.read, id);
  }

  create(input: { code: string; name: string; nameEn: string }, actorId: number | null) {
    const values = { code: input.code.trim(), name: input.name.trim(), nameEn: input.nameEn.trim() };
    return this.db.tx(async (t) => {
      if (await tradeByCode(t, values.code)) throw conflict('CODE_TAKEN');
      const row = await insertTrade(t, values);
      await this.audit.record(t, { actorId, action: 'trade.create', entity: 'trade', entityId: row.id, after: input });
      return row;
    });
  }
}
