/**
 * Facts about the installation that every page shows — for now whether the database holds the demo data
 * set (the banner). Read from GET /api/health and remembered for a minute per server process; one call at a
 * time, and an unreachable API keeps the last answer.
 */
import { sendRaw, type ApiContext } from './api';

const REMEMBER_MS = 60_000;
let known: { demo: boolean; at: number } | null = null;
let asking: Promise<boolean> | null = null;

export function isDemoSite(ctx: ApiContext): Promise<boolean> {
  if (known && Date.now() - known.at < REMEMBER_MS) return Promise.resolve(known.demo);
  asking ??= (async () => {
    try {
      const res = await sendRaw(ctx, 'GET', '/health', { token: null });
      const body = (await res.json()) as { demo?: unknown };
      known = { demo: body.demo === true, at: Date.now() };
    } catch {
      // the API is unreachable or answered oddly: keep what we knew
    } finally {
      asking = null;
    }
    return known?.demo ?? false;
  })();
  return asking;
}
