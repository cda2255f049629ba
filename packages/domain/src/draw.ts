/**
 * The blind-number draw (检录号; domain.md § Contests): numbers A001… given to the confirmed registrations in an order
 * shuffled by a PRNG seeded from the recorded seed — the same seed, the same draw. Seats given after the draw get the
 * next numbers after the highest ever given, in arrival order, so a number is never reused.
 */

/** "A001" for 1. */
export function bibFor(n: number): string {
  return `A${String(n).padStart(3, '0')}`;
}

/** 1 for "A001"; 0 for anything else. */
export function bibNumber(bib: string | null | undefined): number {
  const m = /^A(\d+)$/.exec(bib ?? '');
  return m ? Number(m[1]) : 0;
}

/** mulberry32: a small, well-distributed 32-bit PRNG; `seed` is a 32-bit unsigned integer (the API derives it from SHA-256 of the recorded seed). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates driven by the seeded PRNG: reproducible from the seed. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const rand = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The draw: each confirmed registration (by id order in) with its number, in number order. */
export function drawBibs(confirmedIds: readonly number[], seed: number): { registrationId: number; bib: string }[] {
  return seededShuffle(
    [...confirmedIds].sort((a, b) => a - b),
    seed,
  ).map((registrationId, i) => ({ registrationId, bib: bibFor(i + 1) }));
}

/** Numbers for seats given after the draw: after the highest ever given, in the order the ids arrive. */
export function lateBibs(given: readonly string[], ids: readonly number[]): { registrationId: number; bib: string }[] {
  const top = given.reduce((m, b) => Math.max(m, bibNumber(b)), 0);
  return ids.map((registrationId, i) => ({ registrationId, bib: bibFor(top + i + 1) }));
}
