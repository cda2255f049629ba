/**
 * Facts about the installation that every page shows — for now whether the database holds the demo data
 * set (the banner). Read from GET /api/health and remembered for a minute per server process; one call at a
 * time, and an unreachable API keeps the last answer.
 */
import { answerOf, callRaw, errorFrom, problemOf, type ApiContext } from './api';

const REMEMBER_MS = 60_000;
let known: { demo: boolean; at: number } | null = null;
let asking: Promise<boolean> | null = null;

export function isDemoSite(ctx: ApiContext): Promise<boolean> {
  if (known && Date.now() - known.at < REMEMBER_MS) return Promise.resolve(known.demo);
  asking ??= (async () => {
    try {
      // a 503 (database not writable) still says whether this is the demo
      const res = await callRaw(ctx, 'getHealth', {}, { token: null });
      const health = res.status === 503 ? problemOf(await errorFrom(res), 'getHealth', 503) : await answerOf('getHealth', res);
      if (health) known = { demo: health.demo === true, at: Date.now() };
    } catch {
      // the API is unreachable or answered oddly: keep what we knew
    } finally {
      asking = null;
    }
    return known?.demo ?? false;
  })();
  return asking;
}
