/** Shapes of the judging and results API (apps/api/src/routes/{judging,results}.ts). */

export type CriterionKind = 'score' | 'measurement' | 'judgement';

export interface Criterion {
  id: number;
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export interface Progress {
  done: number;
  total: number;
}

/** GET /api/judging/events */
export interface Assignment {
  eventId: number;
  contestId: number;
  contestTitle: string;
  startsAt: string;
  endsAt: string;
  trade: { id: number; name: string; nameEn: string | null };
  chief: boolean;
  locked: boolean;
  submittedAt: string | null;
  resultsPublished: boolean;
  progress: Progress;
}

/** GET /api/judging/events/:id/sheet — blind numbers only */
export interface Sheet {
  criteria: Criterion[];
  locked: boolean;
  submittedAt: string | null;
  contestants: { bib: string; scores: Record<string, number | null> }[];
}

export interface ScoreItem {
  bib: string;
  criterionId: number;
  score: number | null;
}

/** one answer of PUT /api/judging/events/:id/scores/batch */
export interface BatchResult extends ScoreItem {
  index: number;
  ok: boolean;
  statusCode?: number;
  code?: string;
  message?: string;
}

/** 409 of POST /api/judging/events/:id/submit */
export interface SubmitProblem {
  code: 'SHEET_INCOMPLETE' | 'JUDGEMENT_SPREAD' | string;
  message: string;
  missing?: { bib: string; criterionId: number }[];
  spreads?: { bib: string; criterionId: number; criterion: string; mine: number; other: number }[];
}

/** GET /api/events/:id/judges */
export interface Roster {
  judges: {
    judgeId: number;
    name: string;
    employer: string | null;
    chief: boolean;
    submittedAt: string | null;
    locked: boolean;
    recused: number;
    progress: Progress;
  }[];
  contestants: {
    registrationId: number;
    bib: string;
    name: string;
    employer: string | null;
    judges: number;
    recusedJudgeIds: number[];
  }[];
}

export interface Blocker {
  problem: string;
  count: number;
}

/** GET /api/events/:id/results/progress */
export interface ResultsProgress {
  published: boolean;
  publishedAt: string | null;
  contestants: number;
  judges: { judgeId: number; name: string; chief: boolean; submittedAt: string | null; locked: boolean; done: number; total: number }[];
  sheets: { submitted: number; total: number };
  theory: { present: number; total: number; missingBibs: string[] };
  cells: Progress;
  noEligibleJudgeBibs: string[];
  ready: boolean;
  blockers: Blocker[];
}

export type Award = 'first' | 'second' | 'third' | 'excellence';

/** GET /api/events/:id/results */
export interface ResultRow {
  rank: number | null;
  bib: string;
  name: string | null;
  employer: string | null;
  theory: number | null;
  practical: number | null;
  total: number | null;
  passed: boolean | null;
  award: Award | null;
  tied: boolean;
}

/** GET /api/events/:id/results/judges */
export interface JudgeReport {
  aggregation: string;
  criteria: Criterion[];
  judges: { judgeId: number; name: string; chief: boolean; submittedAt: string | null }[];
  contestants: {
    bib: string;
    practical: number | null;
    criteria: {
      criterionId: number;
      mark: number | null;
      spread: boolean;
      marks: { judgeId: number; score: number | null; recused: boolean }[];
    }[];
  }[];
}

/** a row problem of the theory import (400) */
export interface TheoryRowError {
  row: number;
  bib: string;
  problem: string;
}

/** GET /api/users?role=judge (phones masked) */
export interface JudgeCandidate {
  id: number;
  name: string;
  phone: string;
  roles: string[];
  orgId: number | null;
  orgName: string | null;
}

/** GET /api/events/:id/results/info — the heading of the results pages */
export interface EventInfo {
  eventId: number;
  contestId: number;
  contestTitle: string;
  trade: { id: number; name: string; nameEn: string | null };
  published: boolean;
  publishedAt: string | null;
}
