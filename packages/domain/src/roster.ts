/**
 * domain.md § Contests, member rosters (会员名册): how a roster's cells are read (api-contract.md § Contests as unions
 * run them, Rosters): a skill level as its code (`senior`) or its Chinese name, whole (三级/高级工) or either half
 * (三级, 高级工); union membership as 是/否 or true/false.
 */
import { SKILL_LEVEL_NAMES, SKILL_LEVELS, type SkillLevel } from './skill-levels';

const normal = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const LEVEL_BY_TEXT: ReadonlyMap<string, SkillLevel> = (() => {
  const map = new Map<string, SkillLevel>();
  for (const level of SKILL_LEVELS) {
    const { zh, en } = SKILL_LEVEL_NAMES[level];
    for (const name of [level, zh, ...zh.split('/'), en, ...en.split('/')]) map.set(normal(name), level);
  }
  return map;
})();

/** The level a roster cell names, or undefined when it names none. An empty cell is `null` (no level). */
export function skillLevelFromText(text: string): SkillLevel | null | undefined {
  const key = normal(text);
  if (!key) return null;
  return LEVEL_BY_TEXT.get(key);
}

const YES = new Set(['是', 'true', 'yes', 'y', '1', '会员']);
const NO = new Set(['否', 'false', 'no', 'n', '0', '非会员']);

/** A union-membership cell: true, false, or undefined when it is neither (an empty cell is undefined too). */
export function yesNoFromText(text: string): boolean | undefined {
  const key = normal(text);
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}
