/**
 * Completing a training class (domain.md § Promotions, Training): "completion needs attendance
 * ≥ 80 % of sessions (present or late) and both exam parts ≥ 60. Completion issues a certificate
 * … and, if the target is above the worker's level, a promotion."
 */
import { compareDecimals, multiplyDecimals, toDecimal } from './decimal';
import { levelOrder, type SkillLevel } from './skill-levels';
import type { AttendanceStatus } from './types';

export const DEFAULT_ATTENDANCE_REQUIRED = 0.8;
export const DEFAULT_TRAINING_PASS_MARK = 60;

/** Present or late counts as attended; absent and excused do not. */
export function countsAsAttended(status: AttendanceStatus): boolean {
  return status === 'present' || status === 'late';
}

/**
 * attended / sessions ≥ required, compared exactly (attended ≥ required × sessions in decimal),
 * so 4 of 5 meets 0.8 and 7 of 10 meets 0.7. A class with no sessions cannot be attended.
 */
export function meetsAttendance(attended: number, sessions: number, required: number = DEFAULT_ATTENDANCE_REQUIRED): boolean {
  if (sessions <= 0) return false;
  return compareDecimals(toDecimal(attended), multiplyDecimals(toDecimal(required), toDecimal(sessions))) >= 0;
}

export interface TrainingOutcome {
  completed: boolean;
  /** A training promotion goes straight to the class's target level (no cap, no yearly limit). */
  promotion: { fromLevel: SkillLevel | null; toLevel: SkillLevel } | null;
}

export function trainingOutcome(input: {
  sessions: number;
  /** Sessions attended, present or late. */
  attended: number;
  theory: number | null;
  practical: number | null;
  attendanceRequired?: number;
  passMark?: number;
  targetLevel: SkillLevel;
  currentLevel: SkillLevel | null;
}): TrainingOutcome {
  const passMark = input.passMark ?? DEFAULT_TRAINING_PASS_MARK;
  const examPassed = (score: number | null) => score !== null && score >= passMark;
  const completed =
    meetsAttendance(input.attended, input.sessions, input.attendanceRequired ?? DEFAULT_ATTENDANCE_REQUIRED) &&
    examPassed(input.theory) &&
    examPassed(input.practical);
  const promotion =
    completed && levelOrder(input.targetLevel) > levelOrder(input.currentLevel)
      ? { fromLevel: input.currentLevel, toLevel: input.targetLevel }
      : null;
  return { completed, promotion };
}
