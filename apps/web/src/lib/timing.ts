/**
 * Nothing happens before its time (domain.md § Contests, Time): what a page says before the click. The rule is the
 * domain's tooEarly — the same the API enforces with 409 TOO_EARLY — and the words name the instant in Beijing time.
 */
import { tooEarly, type ActionTimes, type TimedAction } from '@gongjiang/domain';
import * as m from '$lib/paraglide/messages';
import { formatDateTime } from '$lib/i18n';

export type WaitWording = TimedAction | 'theory' | 'checkin';

const RULE: Record<WaitWording, TimedAction> = {
  draw: 'draw',
  score: 'score',
  theory: 'score',
  publish: 'publish',
  attendance: 'attendance',
  checkin: 'attendance',
  complete: 'complete',
};

const WORDS: Record<WaitWording, (p: { time: string }) => string> = {
  draw: m.time_wait_draw,
  score: m.time_wait_score,
  theory: m.time_wait_theory,
  publish: m.time_wait_publish,
  attendance: m.time_wait_attendance,
  checkin: m.time_wait_checkin,
  complete: m.time_wait_complete,
};

/** Why the action must wait, naming from when it is allowed; null when it may happen now. */
export function waitNote(wording: WaitWording, times: ActionTimes, now: Date = new Date()): string | null {
  const from = tooEarly(RULE[wording], times, now);
  if (from === null) return null;
  if (from === 'never') return m.time_wait_complete_unscheduled();
  return WORDS[wording]({ time: formatDateTime(from) });
}
