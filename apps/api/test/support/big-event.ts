// A big judged event — by default 1,000 contestants × 7 judges × 10 criteria = 70,000 marks — for
// the results test (apps/api/test/results.test.ts) and the results bench (apps/api/bench/results.ts).
// No vitest here: the bench imports it outside the test runner.
import { writeTx, type Db } from '../../src/db';

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

/**
 * Fills an event (created with BIG_EVENT_SCORING, capacity ≥ contestants) with raw SQL in one
 * transaction: confirmed contestants with blind numbers A0001…, judges (the first one chief) with
 * every sheet submitted, a theory score per contestant and a mark by every judge on every
 * criterion. Deterministic: the same fixed-seed generator every time.
 */
export function fillBigEvent(db: Db, eventId: number, opts: BigEventOptions): { contestants: number; judges: number; marks: number } {
  const n = opts.contestants ?? 1000;
  const c = db.$client;
  let rng = 42;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ev = String(eventId).padStart(4, '0');
  return writeTx(db, () => {
    const user = c.prepare("insert into users (phone, name, password_hash, roles, org_id) values (?, ?, 'x', ?, ?) returning id");
    const profile = c.prepare('insert into worker_profiles (user_id, employer_org_id) values (?, ?)');
    const reg = c.prepare(
      "insert into registrations (event_id, worker_id, status, bib, ticket_code) values (?, ?, 'confirmed', ?, ?) returning id",
    );
    const theory = c.prepare('insert into theory_scores (event_id, registration_id, score) values (?, ?, ?)');
    const assign = c.prepare(
      "insert into judge_assignments (event_id, judge_id, chief, submitted_at) values (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
    );
    const score = c.prepare('insert into scores (event_id, registration_id, judge_id, criterion_id, score) values (?, ?, ?, ?, ?)');
    const judges = Array.from({ length: opts.judges ?? 7 }, (_, i) => {
      const id = (user.get(`198${ev}${String(i).padStart(4, '0')}`, `裁判${i}`, '["judge"]', opts.judgeOrg) as { id: number }).id;
      assign.run(eventId, id, i === 0 ? 1 : 0);
      return id;
    });
    let marks = 0;
    for (let i = 0; i < n; i++) {
      const employer = opts.employers[i % opts.employers.length]!;
      const w = (user.get(`199${ev}${String(i).padStart(4, '0')}`, `选手${i}`, '["worker"]', employer) as { id: number }).id;
      profile.run(w, employer);
      const r = (reg.get(eventId, w, `A${String(i + 1).padStart(4, '0')}`, `big-${eventId}-${i}`) as { id: number }).id;
      theory.run(eventId, r, Math.round(rand() * 200) / 2);
      for (const j of judges) {
        for (const k of opts.criteria) {
          const v =
            k.kind === 'judgement'
              ? 1 + Math.floor(rand() * 2)
              : k.kind === 'measurement'
                ? rand() < 0.8
                  ? k.maxScore
                  : 0
                : Math.round(rand() * 2 * k.maxScore) / 2;
          score.run(eventId, r, j, k.id, v);
          marks++;
        }
      }
    }
    return { contestants: n, judges: judges.length, marks };
  });
}
