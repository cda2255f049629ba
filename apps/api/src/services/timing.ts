/**
 * Nothing happens before its time (domain.md § Contests, "Time"; api-contract.md: 409 TOO_EARLY, "the time check comes
 * before every other state check"). The rule is the domain's (tooEarly); this is how the API says it: 409 TOO_EARLY
 * with `allowedFrom` (the instant it becomes allowed, null when a class has no session yet) and a message naming that
 * instant in Beijing time.
 */
import { beijingMinute, tooEarly, zhDateTime, type ActionTimes, type TimedAction } from '@gongjiang/domain';
import { AppError, defineMessages } from '../lib/errors';

defineMessages({
  TOO_EARLY: { zh: '时间未到：{zhAt}（北京时间）后才能进行', en: 'Too early: allowed from {enAt} (Beijing time)' },
  'TOO_EARLY:draw': {
    zh: '报名截止（{zhAt} 北京时间）后才能抽签',
    en: 'Blind numbers can be drawn once registration closes ({enAt} Beijing time)',
  },
  'TOO_EARLY:score': {
    zh: '比赛开始（{zhAt} 北京时间）后才能评分或录入成绩',
    en: 'Marks and scores can be recorded once the contest starts ({enAt} Beijing time)',
  },
  'TOO_EARLY:publish': {
    zh: '比赛结束（{zhAt} 北京时间）后才能公布成绩',
    en: 'Results can be published once the contest ends ({enAt} Beijing time)',
  },
  'TOO_EARLY:attendance': {
    zh: '本次课开始（{zhAt} 北京时间）后才能签到或记录考勤',
    en: 'Attendance can be recorded once the session starts ({enAt} Beijing time)',
  },
  'TOO_EARLY:complete': {
    zh: '最后一次课结束（{zhAt} 北京时间）后才能结业',
    en: 'The class can be completed once its last session ends ({enAt} Beijing time)',
  },
  'TOO_EARLY:complete_unscheduled': {
    zh: '培训班还没有安排课次，不能结业',
    en: 'The class has no session yet, so it cannot be completed',
  },
});

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
