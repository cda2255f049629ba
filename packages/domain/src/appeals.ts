/**
 * Appeals (申诉, domain.md § Contests, "Appeals"; api-contract.md § Contests as unions run them): who may file one now,
 * and how a decision lands. The window itself is timing.ts's appealWindowState.
 */
import { appealWindowState } from './timing';

/** The longest appeal window an event may set: 30 days, in hours. */
export const APPEAL_HOURS_MAX = 720;
/** An appeal's reason and a decision's reason: at most this many characters. */
export const APPEAL_REASON_MAX = 500;

export const APPEAL_DECISIONS = ['upheld', 'dismissed'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];
export type AppealStatus = 'open' | AppealDecision;

/** Why a contestant may not appeal now, in the order the contract answers: no result before a closed window. */
export type AppealRefusal = 'NO_RESULT' | 'APPEAL_WINDOW_CLOSED' | 'APPEAL_OPEN';

export interface AppealSituation {
  /** when the event's results were published (null: not published, or withdrawn) */
  publishedAt: string | Date | null;
  /** the registration has a row in the published results */
  hasResult: boolean;
  appealHours: number;
  /** the registration already has an appeal waiting for a decision */
  openAppeal: boolean;
}

/** null when the contestant may file an appeal at `now`; else the first reason they may not. */
export function appealRefusal(s: AppealSituation, now: Date | string): AppealRefusal | null {
  if (s.publishedAt == null || !s.hasResult) return 'NO_RESULT';
  if (appealWindowState(s.publishedAt, s.appealHours, now) !== 'open') return 'APPEAL_WINDOW_CLOSED';
  if (s.openAppeal) return 'APPEAL_OPEN';
  return null;
}

/** Why an appeal cannot be decided: decided already, or (upholding) the results already carried promotions. */
export type DecideRefusal = 'APPEAL_DECIDED' | 'PROMOTIONS_APPLIED';

/**
 * null when the appeal may be decided this way. Upholding withdraws the published results; promotions applied from
 * them (levels, certificates) would outlive the withdrawal, so an uphold is refused once promotions were applied.
 */
export function decideRefusal(
  a: { status: AppealStatus },
  decision: AppealDecision,
  event: { promotionsAppliedAt: string | Date | null },
): DecideRefusal | null {
  if (a.status !== 'open') return 'APPEAL_DECIDED';
  if (decision === 'upheld' && event.promotionsAppliedAt != null) return 'PROMOTIONS_APPLIED';
  return null;
}
