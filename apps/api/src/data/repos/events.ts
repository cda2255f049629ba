import { eq } from 'drizzle-orm';
import type { Handle } from '../database';

/** An event with its contest, or undefined. */
export async function eventWithContest(h: Handle, eventId: number) {
  const { events, contests } = h.s;
  const [row] = await h.orm
    .select({ e: events, c: contests })
    .from(events)
    .innerJoin(contests, eq(contests.id, events.contestId))
    .where(eq(events.id, eventId))
    .limit(1);
  return row;
}

export type EventRow = NonNullable<Awaited<ReturnType<typeof eventWithContest>>>['e'];
export type ContestRow = NonNullable<Awaited<ReturnType<typeof eventWithContest>>>['c'];
