/** GET /api/stats/annual (apps/api/src/routes/stats.ts): the seven figures of domain.md § The annual report. */
export interface Figures {
  contests: number;
  trades: number;
  participants: number;
  trainingClasses: number;
  trainees: number;
  promotions: number;
  highSkillPromotions: number;
}
export type FigureKey = keyof Figures;
export type OrgKind = 'federation' | 'district' | 'base';

export interface TradeRow extends Omit<Figures, 'trades'> {
  tradeId: number;
  code: string;
  name: string;
  nameEn: string;
}
export interface OrgRow extends Figures {
  orgId: number;
  name: string;
  kind: OrgKind;
}
export interface MonthRow extends Omit<Figures, 'trades'> {
  month: number;
}
export interface Annual extends Figures {
  year: number;
  orgId: number;
  orgName: string;
  byTrade: TradeRow[];
  byOrg: OrgRow[];
  direct: Figures;
  byMonth: MonthRow[];
  previous: Figures & { year: number };
}
export interface TrailItem {
  id: number;
  name: string;
  kind: OrgKind;
}

export const FIGURE_KEYS: FigureKey[] = [
  'contests',
  'trades',
  'participants',
  'trainingClasses',
  'trainees',
  'promotions',
  'highSkillPromotions',
];
