/**
 * Nothing happens before its time (domain.md § Contests, "Time"; api-contract.md: 409 TOO_EARLY, checked before every
 * other state check): no draw before registration closes, no marks before the contest starts, no publication before
 * it ends, no attendance for a session that has not begun, no completion before the last session ends.
 */
export type TimedAction = 'draw' | 'score' | 'publish' | 'attendance' | 'complete';

/** The instant each action is allowed from, given the contest's or class's times. */
export interface ActionTimes {
  /** contest: registration closes */
  registrationClosesAt?: string | Date;
  /** contest: starts */
  startsAt?: string | Date;
  /** contest: ends */
  endsAt?: string | Date;
  /** training: the session's start (attendance) */
  sessionStartsAt?: string | Date;
  /** training: the last session's end (completion) */
  lastSessionEndsAt?: string | Date | null;
}

const FROM: Record<TimedAction, keyof ActionTimes> = {
  draw: 'registrationClosesAt',
  score: 'startsAt',
  publish: 'endsAt',
  attendance: 'sessionStartsAt',
  complete: 'lastSessionEndsAt',
};

/** When the action becomes allowed (an ISO instant), or null when the times say nothing about it. */
export function allowedFrom(action: TimedAction, times: ActionTimes): string | null {
  const t = times[FROM[action]];
  return t == null ? null : new Date(t).toISOString();
}

/**
 * null when the action may happen at `now`; else the instant it becomes allowed. A class with no session yet cannot
 * be completed: its "last session" has not ended.
 */
export function tooEarly(action: TimedAction, times: ActionTimes, now: Date | string): string | null {
  const from = allowedFrom(action, times);
  if (from == null) return action === 'complete' ? 'never' : null;
  return new Date(now).getTime() < new Date(from).getTime() ? from : null;
}

/** Where a contest stands in its own time: registration closed, under way, or over. */
export type ContestPhase = 'closed' | 'started' | 'ended';

const DAY = 1440;
/** Minutes from now of registration opening and closing, the start and the end, that put a contest in each phase. */
const PHASE_MINUTES: Record<ContestPhase, readonly [number, number, number, number]> = {
  closed: [-3 * DAY, -1, DAY, 2 * DAY],
  started: [-3 * DAY, -120, -60, DAY],
  ended: [-3 * DAY, -2 * DAY, -DAY, -1],
};

/**
 * A contest's four dates such that `phase` has just begun at `now`: 'closed' (registration over, the contest still
 * ahead: the draw is allowed), 'started' (marks allowed), 'ended' (results may be published). What tests and
 * demonstrations send to move a contest through time honestly, so the TOO_EARLY guards see real dates.
 */
export function phaseDates(phase: ContestPhase, now: Date = new Date()) {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const [opens, closes, starts, ends] = PHASE_MINUTES[phase];
  return { registrationOpensAt: at(opens), registrationClosesAt: at(closes), startsAt: at(starts), endsAt: at(ends) };
}

/** The end of a class's last session (the latest `endsAt`, ISO), or null for a class with no session. */
export function lastSessionEndsAt(sessions: readonly { endsAt: string | Date }[]): string | null {
  let last: number | null = null;
  for (const s of sessions) {
    const t = new Date(s.endsAt).getTime();
    if (last === null || t > last) last = t;
  }
  return last === null ? null : new Date(last).toISOString();
}

/** Default appeal window after publication (domain.md § Contests, "Appeals"). */
export const DEFAULT_APPEAL_HOURS = 24;

export type AppealWindowState = 'not_published' | 'open' | 'closed';

/** Whether a contestant may still appeal: within `appealHours` (decimals allowed) after the results were published. */
export function appealWindowState(
  publishedAt: string | Date | null,
  appealHours: number = DEFAULT_APPEAL_HOURS,
  now: Date | string,
): AppealWindowState {
  if (publishedAt == null) return 'not_published';
  const closes = new Date(publishedAt).getTime() + appealHours * 3_600_000;
  return new Date(now).getTime() < closes ? 'open' : 'closed';
}

/** When the appeal window closes (ISO), or null before publication. */
export function appealClosesAt(publishedAt: string | Date | null, appealHours: number = DEFAULT_APPEAL_HOURS): string | null {
  if (publishedAt == null) return null;
  return new Date(new Date(publishedAt).getTime() + appealHours * 3_600_000).toISOString();
}
