/**
 * Seat quotas and unit nominations (单位推荐/名额分配; domain.md § Contests; api-contract.md § Contests as unions run
 * them). The organizer allots seats to unions inside the event owner's subtree; a nominated worker uses the quota of
 * the nearest union on the path from their employer up that holds one.
 */

/** A quota holder and its materialised path ("/1/4/37/"). */
export interface QuotaHolder {
  orgId: number;
  path: string;
}

/** The quota a worker employed at `employerPath` uses: the nearest holder at or above the employer, or null. */
export function quotaHolderFor<T extends QuotaHolder>(employerPath: string, holders: readonly T[]): T | null {
  let best: T | null = null;
  for (const h of holders) {
    if (employerPath.startsWith(h.path) && (!best || h.path.length > best.path.length)) best = h;
  }
  return best;
}

/** Problems with a set of quotas for an event of `capacity` seats: seats add up to at most the capacity, each org once. */
export function quotaProblem(quotas: readonly { orgId: number; seats: number }[], capacity: number): string | null {
  const seen = new Set<number>();
  let total = 0;
  for (const q of quotas) {
    if (seen.has(q.orgId)) return `organisation ${q.orgId} is listed twice`;
    seen.add(q.orgId);
    if (!Number.isInteger(q.seats) || q.seats < 0) return 'seats is a whole number ≥ 0';
    total += q.seats;
  }
  if (total > capacity) return `the quotas add up to ${total} seats, more than the capacity of ${capacity}`;
  return null;
}

/** Seats a quota still has: allotted minus those its nominations hold. */
export function quotaLeft(q: { seats: number; used: number }): number {
  return Math.max(0, q.seats - q.used);
}

/**
 * Seats held back for quotas: what each quota has not used yet. Quota seats and open seats share the capacity this way —
 * self-registration and the waiting list get `capacity − taken − reserved` (capacity.ts SeatState.reserved); a
 * nomination takes a seat of its union's quota. A nomination frees its seat back to the quota, never to the open pool.
 */
export function reservedSeats(quotas: readonly { seats: number; used: number }[]): number {
  return quotas.reduce((sum, q) => sum + quotaLeft(q), 0);
}

/**
 * Where a nomination's seat comes from: `quota` when the worker's quota holder has seats left (and the event has a
 * seat: capacity is never exceeded, whatever the quotas); `open` when no union on the worker's path holds a quota and
 * an open seat is free with nobody waiting (as a self-registration would get it); otherwise `full` (QUOTA_FULL).
 * Nominations never join the waiting list.
 */
export function nominationSeat(
  holder: { seats: number; used: number } | null,
  state: { capacity: number; taken: number; waiting?: number; reserved?: number },
): 'quota' | 'open' | 'full' {
  if (state.taken >= state.capacity) return 'full';
  if (holder) return quotaLeft(holder) > 0 ? 'quota' : 'full';
  const open = state.capacity - state.taken - (state.reserved ?? 0);
  return open > 0 && (state.waiting ?? 0) === 0 ? 'open' : 'full';
}

export type RegistrationMode = 'open' | 'nomination' | 'both';
export const REGISTRATION_MODES: readonly RegistrationMode[] = ['open', 'nomination', 'both'];

/** Whether a worker may register themselves for an event of this mode. */
export function selfRegistrationAllowed(mode: RegistrationMode): boolean {
  return mode !== 'nomination';
}
