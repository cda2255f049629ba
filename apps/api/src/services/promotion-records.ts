import {
  becameHighSkill,
  beijingDate,
  beijingYear,
  isSkillLevel,
  levelOrder,
  type PromotionSource,
  type SkillLevel,
} from '@gongjiang/domain';
import type { Tx } from '../data/database';
import { insertPromotion, setSkillLevel, skillLevelOf, type PromotionRow } from '../data/repos/promotions';
import type { AuditTrail } from './audit';
import type { CertificatesService } from './certificates';
import { notifyLater } from './notifications';

export const asLevel = (v: string | null | undefined): SkillLevel | null => (isSkillLevel(v) ? v : null);

export interface PromotionRecordInput {
  workerId: number;
  toLevel: SkillLevel;
  sourceType: PromotionSource;
  eventId?: number | null;
  trainingClassId?: number | null;
  orgId: number;
  tradeId: number | null;
  title: string | null;
  certificateNo: string;
}

/**
 * Writing promotion records: what contest promotions (./promotions.ts) and training completion
 * (./training-completion.ts) share, so neither imports the other. Certificates are issued through `certificates`.
 */
export class PromotionRecords {
  constructor(
    private readonly audit: AuditTrail,
    readonly certificates: CertificatesService,
  ) {}

  /**
   * Writes one promotion record and raises the worker's level, inside `t`, whose caller has locked the worker
   * (lock root 'users'). The level is re-read here: a promotion that would not raise it is refused (never lowers a level).
   */
  async record(t: Tx, p: PromotionRecordInput, actorId: number, now: Date): Promise<PromotionRow> {
    const fromLevel = asLevel(await skillLevelOf(t, p.workerId));
    if (levelOrder(p.toLevel) <= levelOrder(fromLevel))
      throw new Error(`promotion of worker ${p.workerId} to ${p.toLevel} would not raise ${fromLevel}`);
    const holder = await this.certificates.holderOf(t, p.workerId);
    const row = await insertPromotion(t, {
      workerId: p.workerId,
      fromLevel,
      toLevel: p.toLevel,
      sourceType: p.sourceType,
      eventId: p.eventId ?? null,
      trainingClassId: p.trainingClassId ?? null,
      orgId: p.orgId,
      tradeId: p.tradeId,
      promotedOn: beijingDate(now),
      year: beijingYear(now),
      certificateNo: p.certificateNo,
      title: p.title,
      becameHighSkill: becameHighSkill(fromLevel, p.toLevel),
      holderName: holder.name,
      holderResidentId: holder.residentId,
    });
    await setSkillLevel(t, p.workerId, p.toLevel, p.certificateNo, now.toISOString());
    await this.audit.record(t, {
      actorId,
      action: 'promotion.create',
      entity: 'promotion',
      entityId: row.id,
      before: { workerId: p.workerId, skillLevel: fromLevel },
      after: {
        workerId: p.workerId,
        skillLevel: p.toLevel,
        source: p.sourceType,
        eventId: row.eventId,
        trainingClassId: row.trainingClassId,
        certificateNo: p.certificateNo,
        title: p.title,
      },
    });
    await notifyLater(t, 'promotion.applied', row.id);
    return row;
  }
}
