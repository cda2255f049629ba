/**
 * Nothing happens before its time (domain.md § Contests, "Time"; api-contract.md: 409 TOO_EARLY, "the time check comes
 * before every other state check"). The rule is the domain's (tooEarly); this is how the API says it: 409 TOO_EARLY
 * with `allowedFrom` (the instant it becomes allowed, null when a class has no session yet) and a message naming that
 * instant in Beijing time.
 */
import { beijingMinute, tooEarly, zhDateTime, type ActionTimes, type TimedAction } from '@gongjiang/domain';
import { AppError, defineMessages } from '../lib/errors';
import messages from '../messages/timing.json' with { type: 'json' };

defineMessages(messages);

/** 409 TOO_EARLY for `action`, saying from when it is allowed (`from` null: never, as things stand). */
export function tooEarlyError(action: TimedAction, from: string | null): AppError {
  if (from === null) return new AppError(409, 'TOO_EARLY', { reason: `${action}_unscheduled` }, undefined, { allowedFrom: null });
  return new AppError(409, 'TOO_EARLY', { reason: action, zhAt: zhDateTime(from), enAt: beijingMinute(from) }, undefined, {
    allowedFrom: from,
  });
}

/** Throws 409 TOO_EARLY when `action` may not happen yet at `now`. Call it right after the scope checks. */
export function assertOnTime(action: TimedAction, times: ActionTimes, now: Date = new Date()): void {
  const from = tooEarly(action, times, now);
  if (from !== null) throw tooEarlyError(action, from === 'never' ? null : from);
}
