/** Contest owners and tiers. */
import type { Organisation as Org } from '@gongjiang/contract';
import type { ContestTier as Tier } from '@gongjiang/domain';

/** A sensible default tier for an owning organisation. */
export function tierFor(kind: Org['kind'] | undefined): Tier {
  return kind === 'federation' ? 'city' : kind === 'district' ? 'district' : 'enterprise';
}
