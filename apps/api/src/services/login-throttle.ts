/**
 * Counts failed logins per phone and per client address; after MAX failures inside WINDOW the next
 * attempts get 429 until the window passes. In-process memory: enough for one API process; the
 * global @fastify/rate-limit on the auth routes bounds the rest.
 */
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 5;

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  blocked(keys: string[], now = Date.now()): boolean {
    return keys.some((k) => this.recent(k, now).length >= this.max);
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k, now), now]);
    if (this.failures.size > 50_000) this.failures.clear();
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
