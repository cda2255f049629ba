/** GET /api/stats/annual (the contract's getAnnualStats): the seven figures of domain.md § The annual report, by trade, organisation and month. */
import type { AnnualStats as Annual, OrgTrailItem as TrailItem } from '@gongjiang/contract';

export type { Annual, TrailItem };
export type { OrgKind } from '@gongjiang/domain';
export type Figures = Annual['direct'];
export type FigureKey = keyof Figures;
export type TradeRow = Annual['byTrade'][number];
export type OrgRow = Annual['byOrg'][number];
export type MonthRow = Annual['byMonth'][number];

export const FIGURE_KEYS: FigureKey[] = [
  'contests',
  'trades',
  'participants',
  'trainingClasses',
  'trainees',
  'promotions',
  'highSkillPromotions',
];
