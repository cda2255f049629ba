/** domain.md § Skill levels — the "new eight levels" (人社部发〔2022〕14号). Order matters. */
export const SKILL_LEVELS = [
  'apprentice',
  'junior',
  'intermediate',
  'senior',
  'technician',
  'senior_technician',
  'special_technician',
  'chief_technician',
] as const;

export type SkillLevel = (typeof SKILL_LEVELS)[number];

export const SKILL_LEVEL_NAMES: Record<SkillLevel, { zh: string; en: string }> = {
  apprentice: { zh: '学徒工', en: 'Apprentice' },
  junior: { zh: '五级/初级工', en: 'Level 5 / Junior' },
  intermediate: { zh: '四级/中级工', en: 'Level 4 / Intermediate' },
  senior: { zh: '三级/高级工', en: 'Level 3 / Senior' },
  technician: { zh: '二级/技师', en: 'Level 2 / Technician' },
  senior_technician: { zh: '一级/高级技师', en: 'Level 1 / Senior technician' },
  special_technician: { zh: '特级技师', en: 'Special technician' },
  chief_technician: { zh: '首席技师', en: 'Chief technician' },
};

export function isSkillLevel(value: unknown): value is SkillLevel {
  return typeof value === 'string' && (SKILL_LEVELS as readonly string[]).includes(value);
}

/** Order of a level; a worker with no certificate (null) ranks below apprentice (-1). */
export function levelOrder(level: SkillLevel | null): number {
  return level === null ? -1 : SKILL_LEVELS.indexOf(level);
}

export function compareLevels(a: SkillLevel | null, b: SkillLevel | null): number {
  return levelOrder(a) - levelOrder(b);
}

/** The level one above, or null past chief_technician (nobody goes past it). */
export function nextLevel(level: SkillLevel | null): SkillLevel | null {
  const next = SKILL_LEVELS[levelOrder(level) + 1];
  return next ?? null;
}

/** 高技能人才 = level ≥ senior (domain.md § Skill levels). */
export function isHighSkill(level: SkillLevel | null): boolean {
  return levelOrder(level) >= levelOrder('senior');
}

/** "Promoted into high-skill status": old below senior (or null), new senior or above. */
export function becameHighSkill(from: SkillLevel | null, to: SkillLevel | null): boolean {
  return !isHighSkill(from) && isHighSkill(to);
}
