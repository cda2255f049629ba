import { and, eq, sql } from 'drizzle-orm';
import type { Handle, Tx } from '../database';

/** A judge's assignment to an event, or undefined. */
export async function judgeAssignmentOf(h: Handle, eventId: number, judgeId: number) {
  const { judgeAssignments } = h.s;
  const [row] = await h.orm
    .select()
    .from(judgeAssignments)
    .where(and(eq(judgeAssignments.eventId, eventId), eq(judgeAssignments.judgeId, judgeId)))
    .limit(1);
  return row;
}

export async function judgeHasMarks(h: Handle, eventId: number, judgeId: number): Promise<boolean> {
  const { scores } = h.s;
  return !!(await h.get(
    sql`select 1 as "x" from ${scores} where ${scores.eventId} = ${eventId} and ${scores.judgeId} = ${judgeId} limit 1`,
  ));
}

export async function deleteJudgeAssignment(t: Tx, id: number) {
  await t.orm.delete(t.s.judgeAssignments).where(eq(t.s.judgeAssignments.id, id));
}
