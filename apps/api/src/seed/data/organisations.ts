/**
 * The demo organisation tree (domain.md § Who uses it): 无锡市总工会 → the seven county-level city /
 * district unions → base unions (基层工会) of real-sounding Wuxi enterprises and institutions.
 *
 * `memberCount` of the federation and the districts is the whole real subtree (the union report:
 * 244.13 万 members, 13,480 base unions), not the sum of the few base unions seeded here.
 * `trades` are the trades (by name, see ./trades) the union's workers are drawn from, commonest first.
 */
import baseUnions from './base-unions.json' with { type: 'json' };

export const FEDERATION = { name: '无锡市总工会', memberCount: 2_441_300 } as const;

export type DistrictKey = 'jiangyin' | 'yixing' | 'liangxi' | 'xishan' | 'huishan' | 'binhu' | 'xinwu';

export interface DistrictSeed {
  key: DistrictKey;
  name: string;
  /** GB/T 2260 administrative division code, the first six digits of residents' ID numbers */
  region: string;
  memberCount: number;
}

export const DISTRICTS: readonly DistrictSeed[] = [
  { key: 'jiangyin', name: '江阴市总工会', region: '320281', memberCount: 486_000 },
  { key: 'yixing', name: '宜兴市总工会', region: '320282', memberCount: 318_000 },
  { key: 'liangxi', name: '梁溪区总工会', region: '320213', memberCount: 392_000 },
  { key: 'xishan', name: '锡山区总工会', region: '320205', memberCount: 228_000 },
  { key: 'huishan', name: '惠山区总工会', region: '320206', memberCount: 241_000 },
  { key: 'binhu', name: '滨湖区总工会', region: '320211', memberCount: 305_000 },
  { key: 'xinwu', name: '新吴区总工会', region: '320214', memberCount: 471_300 },
];

/** Every Wuxi region code; a few workers were born in another district than the one they work in. */
export const WUXI_REGIONS = ['320202', '320205', '320206', '320211', '320213', '320214', '320281', '320282'] as const;

export interface BaseUnionSeed {
  name: string;
  district: DistrictKey;
  memberCount: number;
  trades: readonly string[];
}

export const BASE_UNIONS = baseUnions as readonly BaseUnionSeed[];
