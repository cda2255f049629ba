/**
 * Conflict of interest (回避, domain.md § Scoring): "a judge never scores a contestant from the
 * judge's own employer; those cells are left out and the criterion is aggregated over the
 * remaining judges." An unknown employer (null) conflicts with nobody.
 */
export interface JudgeEmployer {
  judgeId: number;
  employerOrgId: number | null;
}

export function isConflicted(judgeEmployerOrgId: number | null, contestantEmployerOrgId: number | null): boolean {
  return judgeEmployerOrgId !== null && judgeEmployerOrgId === contestantEmployerOrgId;
}

/** The judges who may score a contestant from `contestantEmployerOrgId`. */
export function nonConflictedJudges<J extends JudgeEmployer>(judges: readonly J[], contestantEmployerOrgId: number | null): J[] {
  return judges.filter((j) => !isConflicted(j.employerOrgId, contestantEmployerOrgId));
}

/**
 * The marks that count for a contestant: those of non-conflicted judges. A mark from a
 * conflicted judge (or from a judge not in `judges`) is dropped, so it can never influence
 * the contestant's result even if one slipped into the data.
 */
export function marksThatCount<M extends { judgeId: number }>(
  marks: readonly M[],
  judges: readonly JudgeEmployer[],
  contestantEmployerOrgId: number | null,
): M[] {
  const allowed = new Set(nonConflictedJudges(judges, contestantEmployerOrgId).map((j) => j.judgeId));
  return marks.filter((m) => allowed.has(m.judgeId));
}
