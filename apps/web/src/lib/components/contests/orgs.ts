/** Contest owners and tiers. */
import type { Org, Tier } from '$lib/types/api';

/** A sensible default tier for an owning organisation. */
export function tierFor(kind: Org['kind'] | undefined): Tier {
  return kind === 'federation' ? 'city' : kind === 'district' ? 'district' : 'enterprise';
}
