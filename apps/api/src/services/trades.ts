import { asc, eq, like, or } from 'drizzle-orm';
import { writeTx, type Db } from '../db';
import { trades } from '../db/schema';
import { conflict } from '../lib/errors';
import type { AuditService } from './audit';

export class TradesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  list(q?: string) {
    const cols = { id: trades.id, code: trades.code, name: trades.name, nameEn: trades.nameEn };
    const query = this.db.select(cols).from(trades);
    const term = q?.trim();
    const filtered = term ? query.where(or(like(trades.name, `%${term}%`), like(trades.code, `%${term}%`), like(trades.nameEn, `%${term}%`))) : query;
    return filtered.orderBy(asc(trades.code)).all();
  }

  byId(id: number) {
    return this.db.select().from(trades).where(eq(trades.id, id)).get();
  }

  create(input: { code: string; name: string; nameEn: string }, actorId: number | null) {
    return writeTx(this.db, () => {
      const taken = this.db.select({ id: trades.id }).from(trades).where(eq(trades.code, input.code)).get();
      if (taken) throw conflict('CODE_TAKEN');
      const row = this.db.insert(trades).values({ code: input.code.trim(), name: input.name.trim(), nameEn: input.nameEn.trim() }).returning().get();
      this.audit.record({ actorId, action: 'trade.create', entity: 'trade', entityId: row.id, after: input });
      return { id: row.id, code: row.code, name: row.name, nameEn: row.nameEn };
    });
  }
}
