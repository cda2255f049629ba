import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Database } from '../data/database';
import { hitWindow, pruneWindows } from '../data/repos/rate-limits';

/** Windows older than this count for nothing (the longest window the routes use is a minute). */
const KEEP_MS = 60 * 60 * 1000;

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
/** what the plugin passes at run time: the route's rate-limit settings with the route itself as `routeInfo` */
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * @fastify/rate-limit's store (its `store` option) over the database: the requests of a client address to a route are
 * counted in rate_limits, so AUTH_RATE_LIMIT and the verification limits hold for the address across every API process
 * — the stateless nodes of a PostgreSQL installation share nothing but the database. Fixed windows, as the plugin's
 * own in-memory store. Each counted request is one short transaction (an upsert; no row to lock beforehand).
 */
export class DatabaseRateStore implements FastifyRateLimitStore {
  constructor(
    private readonly db: Database,
    private readonly route = '',
    private readonly clock: () => number = Date.now,
  ) {}

  /** The plugin's constructor call: a class bound to the database. */
  static for(db: Database): new () => DatabaseRateStore {
    return class extends DatabaseRateStore {
      constructor() {
        super(db);
      }
    };
  }

  incr(key: string, cb: Callback, timeWindow: number, _max?: number): void {
    const now = this.clock();
    this.db
      .tx((t) => hitWindow(t, `${this.route}|${key}`.slice(0, 512), new Date(now).toISOString(), new Date(now - timeWindow).toISOString()))
      .then(
        (w) => cb(null, { current: w.hits, ttl: Math.max(0, Date.parse(w.windowStart) + timeWindow - now) }),
        (err: Error) => cb(err),
      );
  }

  /** A store for one route: its counters are the route's own, as with the in-memory store. */
  child(options: RouteOptions): DatabaseRateStore {
    const info = options.routeInfo ?? options;
    const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
    return new DatabaseRateStore(this.db, `${method} ${info.url ?? ''}`.trim(), this.clock);
  }

  /** Drops windows nobody counts in any more (housekeeping). */
  async prune(): Promise<void> {
    const cutoff = new Date(this.clock() - KEEP_MS).toISOString();
    await this.db.tx((t) => pruneWindows(t, cutoff));
  }
}
