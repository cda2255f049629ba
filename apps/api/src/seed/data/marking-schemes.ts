/**
 * Practical marking schemes per trade family (domain.md § Scoring): criteria of kind score /
 * measurement / judgement whose maxima sum to exactly 100.
 */
import type { CriterionKind } from '@gongjiang/domain';
import type { TradeFamily } from './trades';
import markingSchemes from './marking-schemes.json' with { type: 'json' };

export interface CriterionSeed {
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export const MARKING_SCHEMES = markingSchemes as Readonly<Record<TradeFamily, readonly CriterionSeed[]>>;
