// A big judged event — by default 1,000 contestants × 7 judges × 10 criteria = 70,000 marks — for
// the results test (apps/api/test/results.test.ts) and the results bench (apps/api/bench/results.ts).
// No vitest here: the bench imports it outside the test runner. Written through the data layer's handles, so the
// same fixture serves SQLite and PostgreSQL.
import type { Database } from '../../src/data/database';

/** The scoring scheme of the big event, as POST /api/contests/:id/events takes it: 10 criteria of 10 points each. */
export const BIG_EVENT_SCORING = {
  aggregation: 'trimmed',
  criteria: [
    ...Array.from({ length: 7 }, (_, i) => ({ name: `实操项目${i + 1}`, maxScore: 10, kind: 'score' })),
    { name: '尺寸精度', maxScore: 10, kind: 'measurement' },
    { name: '形位公差', maxScore: 10, kind: 'measurement' },
    { name: '文明生产', maxScore: 10, kind: 'judgement' },
  ],
};

export interface BigEventOptions {
  /** the event's criteria as the API returned them (`event.scoring.criteria`) */
  criteria: readonly { id: number; kind: string; maxScore: number }[];
  /** contestants' employers, taken in turn */
  employers: readonly number[];
  /** the judges' organisation: let it employ no contestant and every cell is marked */
  judgeOrg: number;
  contestants?: number;
  judges?: number;
}

/** Rows per multi-row INSERT: at most 8 parameters a row, well inside both backends' limits. */
const BATCH = 1000;

/**
 * Fills an event (created with BIG_EVENT_SCORING, capacity ≥ contestants) in one transaction: confirmed contestants
 * with blind numbers A0001…, judges (the first one chief) with every sheet submitted, a theory score per contestant
 * and a mark by every judge on every criterion. Deterministic: the same fixed-seed generator every time.
 */
export async function fillBigEvent(
  db: Database,
  eventId: number,
  opts: BigEventOptions,
): Promise<{ contestants: number; judges: number; marks: number }> {
  const n = opts.contestants ?? 1000;
  let rng = 42;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ev = String(eventId).padStart(4, '0');
  const no = (i: number) => String(i).padStart(4, '0');
  return db.tx(async (t) => {
    const { users, workerProfiles, registrations, theoryScores, judgeAssignments, scores } = t.s;
    const at = new Date().toISOString();
    const inBatches = async <T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
    };
    const judgeRows = await t.orm
      .insert(users)
      .values(
        Array.from({ length: opts.judges ?? 7 }, (_, i) => ({
          phone: `198${ev}${no(i)}`,
          name: `裁判${i}`,
          passwordHash: 'x',
          roles: ['judge' as const],
          orgId: opts.judgeOrg,
        })),
      )
      .returning({ id: users.id, phone: users.phone });
    const judges = judgeRows.sort((a, b) => a.phone.localeCompare(b.phone)).map((j) => j.id);
    await t.orm.insert(judgeAssignments).values(judges.map((judgeId, i) => ({ eventId, judgeId, chief: i === 0, submittedAt: at })));

    const people = Array.from({ length: n }, (_, i) => ({
      i,
      phone: `199${ev}${no(i)}`,
      employer: opts.employers[i % opts.employers.length]!,
    }));
    const workerOf = new Map<string, number>();
    await inBatches(people, async (batch) => {
      const rows = await t.orm
        .insert(users)
        .values(
          batch.map((p) => ({ phone: p.phone, name: `选手${p.i}`, passwordHash: 'x', roles: ['worker' as const], orgId: p.employer })),
        )
        .returning({ id: users.id, phone: users.phone });
      for (const r of rows) workerOf.set(r.phone, r.id);
    });
    const workers = people.map((p) => ({ ...p, id: workerOf.get(p.phone)! }));
    await inBatches(workers, (batch) =>
      t.orm.insert(workerProfiles).values(batch.map((w) => ({ userId: w.id, employerOrgId: w.employer }))),
    );
    const registrationOf = new Map<number, number>();
    await inBatches(workers, async (batch) => {
      const rows = await t.orm
        .insert(registrations)
        .values(
          batch.map((w) => ({
            eventId,
            workerId: w.id,
            status: 'confirmed' as const,
            bib: `A${String(w.i + 1).padStart(4, '0')}`,
            ticketCode: `big-${eventId}-${w.i}`,
          })),
        )
        .returning({ id: registrations.id, workerId: registrations.workerId });
      for (const r of rows) registrationOf.set(r.workerId, r.id);
    });

    const theory: { eventId: number; registrationId: number; score: number }[] = [];
    const marks: { eventId: number; registrationId: number; judgeId: number; criterionId: number; score: number }[] = [];
    for (const w of workers) {
      const registrationId = registrationOf.get(w.id)!;
      theory.push({ eventId, registrationId, score: Math.round(rand() * 200) / 2 });
      for (const judgeId of judges) {
        for (const k of opts.criteria) {
          const score =
            k.kind === 'judgement'
              ? 1 + Math.floor(rand() * 2)
              : k.kind === 'measurement'
                ? rand() < 0.8
                  ? k.maxScore
                  : 0
                : Math.round(rand() * 2 * k.maxScore) / 2;
          marks.push({ eventId, registrationId, judgeId, criterionId: k.id, score });
        }
      }
    }
    await inBatches(theory, (batch) => t.orm.insert(theoryScores).values(batch));
    await inBatches(marks, (batch) => t.orm.insert(scores).values(batch));
    return { contestants: n, judges: judges.length, marks: marks.length };
  });
}
